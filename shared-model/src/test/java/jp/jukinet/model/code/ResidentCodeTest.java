package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class ResidentCodeTest {

    /*
     * Worked by hand. Data digits d1..d10 get weights 5,4,3,2,7,6,5,4,3,2 (2–7 from the right).
     *   1234567890: 1·5+2·4+3·3+4·2+5·7+6·6+7·5+8·4+9·3+0·2 = 195; 195 mod 11 = 8; check 11−8 = 3
     *   0000000010: 1·3 = 3; check 11−3 = 8
     *   0000000005: 5·2 = 10; check 11−10 = 1
     *   0000000006: 6·2 = 12; 12 mod 11 = 1; check 0 (remainder ≤ 1)
     *   0000000000: remainder 0; check 0
     *   9999999999: 9·(5+4+3+2+7+6+5+4+3+2) = 9·41 = 369; 369 mod 11 = 6; check 5
     */
    @ParameterizedTest
    @ValueSource(strings = {"12345678903", "00000000108", "00000000051", "00000000060", "00000000000", "99999999995"})
    void acceptsCodesWorkedOutByHand(String value) {
        assertThat(ResidentCode.of(value).value()).isEqualTo(value);
    }

    @Test
    void fromSerialComputesTheCheckDigitAndPadsWithZeros() {
        assertThat(ResidentCode.fromSerial(1_234_567_890L).value()).isEqualTo("12345678903");
        assertThat(ResidentCode.fromSerial(10L).value()).isEqualTo("00000000108");
        assertThat(ResidentCode.fromSerial(1_234_567_890L).serial()).isEqualTo(1_234_567_890L);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, 10_000_000_000L})
    void fromSerialRefusesDataOutsideTenDigits(long data) {
        assertThatThrownBy(() -> ResidentCode.fromSerial(data))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("residentCode"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1234567890", "123456789031", "1234567890a", "１２３４５６７８９０３", "12345 78903",
            "-2345678903", "12345678904", "12345678900"})
    void refusesMalformedCodesNamingTheField(String value) {
        assertThatThrownBy(() -> ResidentCode.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("residentCode"));
    }

    @Test
    void explainsTheProblemWithoutEchoingTheCode() {
        assertThatThrownBy(() -> ResidentCode.of("12345678904"))
                .hasMessageContaining("check digit does not match")
                .hasMessageNotContaining("12345678904");
        assertThatThrownBy(() -> ResidentCode.of("1234567890"))
                .hasMessageContaining("11 digits expected")
                .hasMessageNotContaining("1234567890");
        assertThatThrownBy(() -> ResidentCode.of("１２３４５６７８９０３"))
                .hasMessageContaining("ASCII digits");
    }

    @Test
    void randomCodesAreValidAndVaried() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            ResidentCode code = ResidentCode.random(random);
            assertThat(ResidentCode.of(code.value())).isEqualTo(code);
        }
        assertThat(ResidentCode.random(random)).isNotEqualTo(ResidentCode.random(random));
    }

    @Test
    void ordersByValue() {
        assertThat(ResidentCode.of("00000000108")).isLessThan(ResidentCode.of("12345678903"));
    }
}
