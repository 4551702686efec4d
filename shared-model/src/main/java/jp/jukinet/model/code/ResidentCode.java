package jp.jukinet.model.code;

import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A resident code (住民票コード): eleven ASCII digits, the last a check digit.
 *
 * <p>Check digit rule (modulus 11, weights 2–7): number the ten data digits from the right,
 * so that the rightmost data digit (the 10th) gets weight 2, the 9th weight 3, … the 5th
 * weight 7, and the weights then repeat (the 4th gets 2, the 3rd 3, the 2nd 4, the 1st 5).
 * With {@code r = Σ digit·weight mod 11}, the check digit is {@code 0} when {@code r} is 0 or
 * 1, otherwise {@code 11 − r}.
 *
 * <p>A resident code is the key of a person's record across the network. It is personal data
 * as well, so refusals never echo it. In JSON it is a plain string.
 *
 * @param value the eleven digits
 */
public record ResidentCode(@JsonValue String value) implements Comparable<ResidentCode> {

    /** The JSON field name used when a resident code is refused. */
    public static final String FIELD = "residentCode";

    private static final String LABEL = "住民票コード (resident code)";
    private static final int DATA_DIGITS = 10;
    private static final long DATA_BOUND = 10_000_000_000L;

    /**
     * @throws jp.jukinet.model.InvalidValueException (field {@value #FIELD}) unless {@code value}
     *         is eleven ASCII digits whose last is the correct check digit
     */
    public ResidentCode {
        CodeFormat.requireDigits(value, DATA_DIGITS + 1, FIELD, LABEL);
        CodeFormat.requireCheckDigit(value, CheckDigits.modulus11CheckDigit(value.substring(0, DATA_DIGITS)),
                FIELD, LABEL);
    }

    /** Parses a resident code, refusing it as the constructor does. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ResidentCode of(String value) {
        return new ResidentCode(value);
    }

    /**
     * The resident code whose ten data digits are {@code tenDigitData} (zero-padded), with its
     * check digit computed. The national server allocates serial blocks; this turns a serial
     * into a code.
     *
     * @throws jp.jukinet.model.InvalidValueException unless {@code 0 ≤ tenDigitData < 10¹⁰}
     */
    public static ResidentCode fromSerial(long tenDigitData) {
        String data = CodeFormat.zeroPadded(tenDigitData, DATA_DIGITS, DATA_BOUND, FIELD, LABEL);
        return new ResidentCode(data + CheckDigits.modulus11CheckDigit(data));
    }

    /** A valid resident code with uniformly random data digits, for tests and demo data. */
    public static ResidentCode random(RandomGenerator random) {
        return fromSerial(random.nextLong(DATA_BOUND));
    }

    /** The ten data digits as a number (the inverse of {@link #fromSerial(long)}). */
    public long serial() {
        return Long.parseLong(value.substring(0, DATA_DIGITS));
    }

    @Override
    public int compareTo(ResidentCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
