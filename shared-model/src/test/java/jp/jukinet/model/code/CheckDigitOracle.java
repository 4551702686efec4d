package jp.jukinet.model.code;

import java.util.function.Predicate;

import jp.jukinet.model.InvalidValueException;

/**
 * An independent statement of the three check-digit rules, written from the published
 * definitions rather than from {@link CheckDigits}, so that properties can compare the value
 * types against it.
 */
enum CheckDigitOracle {

    /** Weights as they fall on the ten data digits read left to right (2–7 from the right). */
    RESIDENT_CODE(10, s -> constructs(() -> ResidentCode.of(s))) {
        private final int[] weights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

        @Override
        int remainder(int[] data) {
            int sum = 0;
            for (int i = 0; i < data.length; i++) {
                sum += data[i] * weights[i];
            }
            return sum % 11;
        }

        @Override
        int checkDigit(int remainder) {
            return remainder == 0 || remainder == 1 ? 0 : 11 - remainder;
        }

        @Override
        boolean collapsed(int r1, int r2) {
            return r1 <= 1 && r2 <= 1;
        }
    },

    /** The ordinance's Pn and Qn, literally. */
    MY_NUMBER(11, s -> constructs(() -> MyNumber.of(s))) {
        @Override
        int remainder(int[] data) {
            int sum = 0;
            for (int n = 1; n <= 11; n++) {
                int p = data[11 - n];
                int q = n <= 6 ? n + 1 : n - 5;
                sum += p * q;
            }
            return sum % 11;
        }

        @Override
        int checkDigit(int remainder) {
            return remainder <= 1 ? 0 : 11 - remainder;
        }

        @Override
        boolean collapsed(int r1, int r2) {
            return r1 <= 1 && r2 <= 1;
        }
    },

    /** Weights 6,5,4,3,2; the last digit of 11 − r. */
    LOCAL_GOVERNMENT_CODE(5, s -> constructs(() -> LocalGovernmentCode.of(s))) {
        private final int[] weights = {6, 5, 4, 3, 2};

        @Override
        int remainder(int[] data) {
            int sum = 0;
            for (int i = 0; i < data.length; i++) {
                sum += data[i] * weights[i];
            }
            return sum % 11;
        }

        @Override
        int checkDigit(int remainder) {
            String difference = Integer.toString(11 - remainder);
            return difference.charAt(difference.length() - 1) - '0';
        }

        @Override
        boolean collapsed(int r1, int r2) {
            return (r1 == 0 || r1 == 10) && (r2 == 0 || r2 == 10);
        }

        @Override
        boolean structurallyValid(int[] data) {
            int prefecture = data[0] * 10 + data[1];
            return prefecture >= 1 && prefecture <= 47;
        }
    };

    final int dataLength;
    private final Predicate<String> valueType;

    CheckDigitOracle(int dataLength, Predicate<String> valueType) {
        this.dataLength = dataLength;
        this.valueType = valueType;
    }

    /** Σ digit·weight mod 11 over the data digits. */
    abstract int remainder(int[] data);

    abstract int checkDigit(int remainder);

    /** Whether two distinct remainders map to the same check digit. */
    abstract boolean collapsed(int r1, int r2);

    /** Whether the data digits satisfy the rules other than the check digit. */
    boolean structurallyValid(int[] data) {
        return true;
    }

    int checkDigitOf(int[] data) {
        return checkDigit(remainder(data));
    }

    /** Whether the value type accepts the given text. */
    boolean accepts(String code) {
        return valueType.test(code);
    }

    static String code(int[] data, int checkDigit) {
        StringBuilder s = new StringBuilder();
        for (int d : data) {
            s.append(d);
        }
        return s.append(checkDigit).toString();
    }

    private static boolean constructs(Construction construction) {
        try {
            construction.construct();
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    private interface Construction {
        Object construct();
    }
}
