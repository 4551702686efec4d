package jp.jukinet.model.provision;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.model.identity.Sex;

/**
 * The 4 info (4情報) a lookup may identify a person by: the name and the date of birth, with
 * the address or the sex (or both).
 *
 * <p>The name is one text, family name first ({@code "山田 花子"}); it is compared with the
 * register after {@link NameNormalizer} (NFKC, whitespace removed, hiragana → katakana, Latin
 * upper-cased), so where it is split and full/half width do not matter. The address, when
 * given, is compared the same way with the registered address text; the sex exactly.
 *
 * <p>Contract (refusals name the field relative to this object: {@code name},
 * {@code dateOfBirth}, {@code address}): the name is required, not blank, at most
 * {@value #MAX_NAME_LENGTH} code points, without control characters; the date of birth is
 * required; an address, when given, is not blank, at most {@value #MAX_ADDRESS_LENGTH} code
 * points; address and sex are not both missing.
 *
 * <p>{@link #toString()} withholds everything: these are personal data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FourInfo(String name, LocalDate dateOfBirth, String address, Sex sex) {

    public static final int MAX_NAME_LENGTH = 201;
    public static final int MAX_ADDRESS_LENGTH = 200;

    /** @throws InvalidValueException when the contract above is broken */
    public FourInfo {
        requireText(name, "name", "氏名 (name)", MAX_NAME_LENGTH);
        if (dateOfBirth == null) {
            throw new InvalidValueException("dateOfBirth", "生年月日 (date of birth) is required");
        }
        if (address != null) {
            requireText(address, "address", "住所 (address)", MAX_ADDRESS_LENGTH);
        }
        if (address == null && sex == null) {
            throw new InvalidValueException("address",
                    "4 info needs the address or the sex (or both) besides name and date of birth");
        }
    }

    private static void requireText(String value, String field, String label, int max) {
        if (value == null) {
            throw new InvalidValueException(field, label + " is required");
        }
        if (NameNormalizer.normalize(value).isEmpty()) {
            throw new InvalidValueException(field, label + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidValueException(field, label + " is longer than " + max + " characters");
        }
        if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.SURROGATE)) {
            throw new InvalidValueException(field, label + " must not contain control characters or malformed text");
        }
    }

    /** The name as the register's {@code normalized_name} holds it (family and given name joined). */
    public String normalizedName() {
        return NameNormalizer.normalize(name);
    }

    /** The address normalised for comparison, or {@code null} when none was given. */
    public String normalizedAddress() {
        return address == null ? null : NameNormalizer.normalize(address);
    }

    @Override
    public String toString() {
        return "FourInfo[(withheld)]";
    }
}
