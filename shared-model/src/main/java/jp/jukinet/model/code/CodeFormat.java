package jp.jukinet.model.code;

import jp.jukinet.model.InvalidValueException;

/**
 * Shape checks shared by the fixed-length numeric codes. Messages describe the problem without
 * echoing the value, because some of these codes are personal data.
 */
final class CodeFormat {

    private CodeFormat() {
    }

    /**
     * Refuses anything but exactly {@code length} ASCII digits. Full-width digits (０–９) and
     * other Unicode decimal digits are refused on purpose: codes are compared as strings, so
     * only one spelling may exist.
     */
    static void requireDigits(String value, int length, String field, String label) {
        if (value == null) {
            throw new InvalidValueException(field, label + " is required");
        }
        if (value.length() != length) {
            throw new InvalidValueException(field,
                    label + ": " + length + " digits expected, got " + value.length() + " characters");
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidValueException(field, label + ": only ASCII digits 0-9 are allowed"
                        + " (character " + (i + 1) + " is not one; full-width digits are not accepted)");
            }
        }
    }

    static void requireCheckDigit(String value, int expected, String field, String label) {
        if (value.charAt(value.length() - 1) - '0' != expected) {
            throw new InvalidValueException(field, label + ": check digit does not match");
        }
    }

    static String zeroPadded(long data, int width, long bound, String field, String label) {
        if (data < 0 || data >= bound) {
            throw new InvalidValueException(field,
                    label + ": data part must be between 0 and " + (bound - 1) + " (" + width + " digits)");
        }
        String digits = Long.toString(data);
        return "0".repeat(width - digits.length()) + digits;
    }
}
