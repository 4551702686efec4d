package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class MyNumberTest {

    /*
     * Worked by hand with Pn the n-th data digit from the right and Qn = n+1 (n ≤ 6), n−5 (n ≥ 7):
     *   12345678901: P1..P11 = 1,0,9,8,7,6,5,4,3,2,1; Q1..Q11 = 2,3,4,5,6,7,2,3,4,5,6
     *                Σ = 2+0+36+40+42+42+10+12+12+10+6 = 212; 212 mod 11 = 3; check 8
     *   00000000001: 1·2 = 2; check 9
     *   00000000005: 5·2 = 10; check 1
     *   00000000006: 12 mod 11 = 1; check 0
     *   10000000000: P11 = 1, Q11 = 6; check 5
     */
    @ParameterizedTest
    @ValueSource(strings = {"123456789018", "000000000019", "000000000051", "000000000060", "100000000005"})
    void acceptsNumbersWorkedOutByHand(String value) {
        assertThat(MyNumber.of(value).value()).isEqualTo(value);
    }

    @Test
    void fromDataComputesTheCheckDigit() {
        assertThat(MyNumber.fromData(12_345_678_901L).value()).isEqualTo("123456789018");
        assertThat(MyNumber.fromData(1L).value()).isEqualTo("000000000019");
        assertThatThrownBy(() -> MyNumber.fromData(100_000_000_000L)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> MyNumber.fromData(-1L)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "12345678901", "1234567890180", "12345678901x", "１２３４５６７８９０１８",
            "123456789019", "123456789010", " 23456789018"})
    void refusesMalformedNumbersNamingTheField(String value) {
        assertThatThrownBy(() -> MyNumber.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("myNumber"));
    }

    @Test
    void neverEchoesTheNumberInRefusals() {
        assertThatThrownBy(() -> MyNumber.of("123456789019"))
                .hasMessageContaining("check digit does not match")
                .hasMessageNotContaining("12345678901");
        assertThatThrownBy(() -> MyNumber.of("1234567890189"))
                .hasMessageContaining("12 digits expected")
                .hasMessageNotContaining("123456789018");
        assertThatThrownBy(() -> MyNumber.of("12345678901x"))
                .hasMessageNotContaining("12345678901");
    }

    @Test
    void toStringIsMaskedButValueGivesTheNumber() {
        MyNumber number = MyNumber.of("123456789018");
        assertThat(number.toString()).isEqualTo("MyNumber[************]").doesNotContainPattern("[0-9]");
        assertThat("" + number).doesNotContain("123456789018");
        assertThat(number.value()).isEqualTo("123456789018");
    }

    @Test
    void randomNumbersAreValid() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            MyNumber number = MyNumber.random(random);
            assertThat(MyNumber.of(number.value())).isEqualTo(number);
        }
    }
}
