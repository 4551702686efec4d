package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.DatabindException;

class LookupRequestTest {

    private static final ResidentCode CODE = ResidentCode.fromSerial(1_234_567_890L);
    private static final MyNumber NUMBER = MyNumber.fromData(12_345_678_901L);
    private static final FourInfo FOUR = new FourInfo("山田 花子", LocalDate.of(1990, 4, 1), null, Sex.FEMALE);

    @Test
    void takesExactlyOneKey() {
        assertThat(LookupRequest.byResidentCode("nenkin-x", CODE).key()).isEqualTo(LookupKey.RESIDENT_CODE);
        assertThat(LookupRequest.byMyNumber("nenkin-x", NUMBER).key()).isEqualTo(LookupKey.MY_NUMBER);
        assertThat(LookupRequest.byFourInfo("nenkin-x", FOUR).key()).isEqualTo(LookupKey.FOUR_INFO);

        assertRefused(() -> new LookupRequest("nenkin-x", null, null, null), "residentCode");
        assertRefused(() -> new LookupRequest("nenkin-x", CODE, NUMBER, null), "myNumber");
        assertRefused(() -> new LookupRequest("nenkin-x", CODE, null, FOUR), "fourInfo");
        assertRefused(() -> new LookupRequest("nenkin-x", null, NUMBER, FOUR), "fourInfo");
    }

    @Test
    void requiresABasisShapedLikeARuleId() {
        assertRefused(() -> LookupRequest.byResidentCode(null, CODE), "basis");
        assertRefused(() -> LookupRequest.byResidentCode("Nenkin X", CODE), "basis");
        assertRefused(() -> LookupRequest.byResidentCode("x".repeat(101), CODE), "basis");
    }

    @Test
    void readsFromJsonAndNamesTheFieldAtFault() {
        LookupRequest request = JukiNetJson.mapper().readValue(
                "{\"basis\":\"nenkin-x\",\"fourInfo\":{\"name\":\"ﾔﾏﾀﾞ　ﾊﾅｺ\",\"dateOfBirth\":\"1990-04-01\",\"sex\":\"FEMALE\"},"
                        + "\"unknown\":1}", LookupRequest.class);
        assertThat(request.key()).isEqualTo(LookupKey.FOUR_INFO);
        assertThat(request.fourInfo().normalizedName()).isEqualTo("ヤマダハナコ");

        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(
                "{\"basis\":\"nenkin-x\",\"myNumber\":\"123456789012\"}", LookupRequest.class))
                .isInstanceOf(DatabindException.class)
                .rootCause().isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("myNumber"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("123456789012"));
    }

    @Test
    void neverShowsItsKeyInToString() {
        assertThat(LookupRequest.byMyNumber("nenkin-x", NUMBER).toString()).doesNotContain(NUMBER.value())
                .contains("MY_NUMBER");
        assertThat(LookupRequest.byFourInfo("nenkin-x", FOUR).toString()).doesNotContain("山田").doesNotContain("1990");
    }

    private static void assertRefused(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
    }
}
