package jp.jukinet.model.code;

import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An individual number, My Number (個人番号): twelve ASCII digits, the last a check digit.
 *
 * <p>Check digit rule, as the ministerial ordinance defines it: let {@code Pn} be the n-th data
 * digit counted from the right (n = 1..11) and {@code Qn = n + 1} for n ≤ 6, {@code n − 5} for
 * n ≥ 7. With {@code r = Σ Pn·Qn mod 11}, the check digit is {@code 0} when {@code r ≤ 1},
 * otherwise {@code 11 − r}. (The weights are the same 2–7 cycle as the resident code's.)
 *
 * <p>The use of a My Number is restricted by law, so this type never reveals it by accident:
 * {@link #toString()} is masked and refusals say what is wrong without echoing the digits.
 * Use {@link #value()} where the number is really needed. In JSON it is a plain string.
 *
 * @param value the twelve digits
 */
public record MyNumber(@JsonValue String value) {

    /** The JSON field name used when a My Number is refused. */
    public static final String FIELD = "myNumber";

    private static final String LABEL = "個人番号 (My Number)";
    private static final int DATA_DIGITS = 11;
    private static final long DATA_BOUND = 100_000_000_000L;

    /**
     * @throws jp.jukinet.model.InvalidValueException (field {@value #FIELD}) unless {@code value}
     *         is twelve ASCII digits whose last is the correct check digit
     */
    public MyNumber {
        CodeFormat.requireDigits(value, DATA_DIGITS + 1, FIELD, LABEL);
        CodeFormat.requireCheckDigit(value, CheckDigits.modulus11CheckDigit(value.substring(0, DATA_DIGITS)),
                FIELD, LABEL);
    }

    /** Parses a My Number, refusing it as the constructor does. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MyNumber of(String value) {
        return new MyNumber(value);
    }

    /**
     * The My Number whose eleven data digits are {@code elevenDigitData} (zero-padded), with its
     * check digit computed.
     *
     * @throws jp.jukinet.model.InvalidValueException unless {@code 0 ≤ elevenDigitData < 10¹¹}
     */
    public static MyNumber fromData(long elevenDigitData) {
        String data = CodeFormat.zeroPadded(elevenDigitData, DATA_DIGITS, DATA_BOUND, FIELD, LABEL);
        return new MyNumber(data + CheckDigits.modulus11CheckDigit(data));
    }

    /** A valid My Number with uniformly random data digits, for tests and demo data. */
    public static MyNumber random(RandomGenerator random) {
        return fromData(random.nextLong(DATA_BOUND));
    }

    /** Always {@code MyNumber[************]}: the number must not reach logs. */
    @Override
    public String toString() {
        return "MyNumber[************]";
    }
}
