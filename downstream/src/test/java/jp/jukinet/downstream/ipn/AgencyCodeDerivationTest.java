package jp.jukinet.downstream.ipn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.ResidentCode;

/** The 機関別符号: keyed, deterministic, one-way in form, and no key no start. */
class AgencyCodeDerivationTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of thirty-two bytes!".getBytes());

    @Test
    void theSameResidentCodeGivesTheSameCodeAnotherKeyAnotherCode() {
        ResidentCode code = ResidentCode.fromSerial(1_234_567_890L);
        String derived = new AgencyCodeDerivation(KEY).derive(code);
        assertThat(derived).matches("[A-Za-z0-9_-]{43}").isEqualTo(new AgencyCodeDerivation(KEY).derive(code))
                .doesNotContain(code.value());
        assertThat(new AgencyCodeDerivation(OTHER_KEY).derive(code)).isNotEqualTo(derived);
        assertThat(new AgencyCodeDerivation(KEY).derive(ResidentCode.fromSerial(1_234_567_891L))).isNotEqualTo(derived);
    }

    @Test
    void withoutAKeyOrWithAShortOneTheNetworkDoesNotStart() {
        assertThatThrownBy(() -> new AgencyCodeDerivation(null)).hasMessageContaining("jukinet.downstream.code-key");
        assertThatThrownBy(() -> new AgencyCodeDerivation(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes");
    }
}
