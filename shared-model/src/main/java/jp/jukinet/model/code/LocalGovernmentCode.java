package jp.jukinet.model.code;

import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import jp.jukinet.model.InvalidValueException;

/**
 * A local government code (全国地方公共団体コード): six ASCII digits, being the two-digit
 * prefecture code, a three-digit municipality part and a check digit, e.g. {@code 131016}
 * (千代田区), {@code 271004} (大阪市).
 *
 * <p>Check digit rule: weight the five data digits 6, 5, 4, 3, 2 from the left; with
 * {@code r = Σ digit·weight mod 11} the check digit is the last digit of {@code 11 − r}, i.e.
 * {@code (11 − r) mod 10} (so remainders 0 and 10 both give 1, and remainder 1 gives 0).
 *
 * <p>A municipality part of {@code 000} denotes the prefecture itself as a local government
 * (e.g. {@code 130001} 東京都). Whether a code names a municipality that really exists is a
 * question for the network's registry of nodes, not for this type. In JSON it is a plain
 * string.
 *
 * @param value the six digits
 */
public record LocalGovernmentCode(@JsonValue String value) implements Comparable<LocalGovernmentCode> {

    /** The JSON field name used when a local government code is refused. */
    public static final String FIELD = "localGovernmentCode";

    private static final String LABEL = "地方公共団体コード (local government code)";
    private static final int DATA_DIGITS = 5;

    /**
     * @throws InvalidValueException (field {@value #FIELD}) unless {@code value} is six ASCII
     *         digits, its first two a prefecture code 01–47 and its last the correct check digit
     */
    public LocalGovernmentCode {
        CodeFormat.requireDigits(value, DATA_DIGITS + 1, FIELD, LABEL);
        int prefecture = Integer.parseInt(value.substring(0, 2));
        if (prefecture < 1 || prefecture > PrefectureCode.COUNT) {
            throw new InvalidValueException(FIELD,
                    LABEL + ": the first two digits must be a prefecture code 01-47, got " + value.substring(0, 2));
        }
        CodeFormat.requireCheckDigit(value, CheckDigits.localGovernmentCheckDigit(value.substring(0, DATA_DIGITS)),
                FIELD, LABEL);
    }

    /** Parses a local government code, refusing it as the constructor does. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LocalGovernmentCode of(String value) {
        return new LocalGovernmentCode(value);
    }

    /**
     * The code of municipality part {@code municipality} (0–999) in {@code prefecture}, with its
     * check digit computed.
     */
    public static LocalGovernmentCode of(PrefectureCode prefecture, int municipality) {
        if (municipality < 0 || municipality > 999) {
            throw new InvalidValueException(FIELD, LABEL + ": municipality part must be between 000 and 999");
        }
        String data = prefecture.value() + String.format("%03d", municipality);
        return new LocalGovernmentCode(data + CheckDigits.localGovernmentCheckDigit(data));
    }

    /** A valid code in a random prefecture with a random municipality part, for tests and demo data. */
    public static LocalGovernmentCode random(RandomGenerator random) {
        return of(PrefectureCode.random(random), random.nextInt(1000));
    }

    /** The prefecture this local government belongs to (or is, when the municipality part is 000). */
    public PrefectureCode prefecture() {
        return PrefectureCode.of(value.substring(0, 2));
    }

    /** The three-digit municipality part, e.g. {@code "101"} for {@code 131016}. */
    public String municipalityPart() {
        return value.substring(2, 5);
    }

    @Override
    public int compareTo(LocalGovernmentCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
