package jp.jukinet.model.code;

/**
 * The check-digit arithmetic of the three numbering schemes, held once.
 *
 * <p>All three schemes share the same weighted sum: the data digits are weighted 2, 3, 4, 5,
 * 6, 7, 2, 3, … counting from the rightmost data digit leftwards, and the sum is taken modulo
 * 11. They differ only in how the remainder {@code r} becomes a digit:
 * <ul>
 *   <li>resident code (住民票コード) and My Number (個人番号): {@code 0} when {@code r ≤ 1},
 *       else {@code 11 − r};</li>
 *   <li>local government code (地方公共団体コード): the last digit of {@code 11 − r}, i.e.
 *       {@code (11 − r) mod 10}. Its published weights 6, 5, 4, 3, 2 (left to right over five
 *       data digits) are the same series read from the right.</li>
 * </ul>
 * Because 11 is prime and every weight and every adjacent weight difference is non-zero
 * modulo 11, any single-digit substitution or adjacent transposition changes {@code r}; the
 * collapse of two remainders onto one digit is the only way such an error goes unnoticed.
 */
final class CheckDigits {

    private CheckDigits() {
    }

    /**
     * @param data ASCII digits only (callers validate first)
     * @return Σ digit·weight mod 11, with weights 2..7 repeating from the rightmost digit
     */
    static int weightedRemainder(CharSequence data) {
        int sum = 0;
        int length = data.length();
        for (int n = 1; n <= length; n++) {
            int digit = data.charAt(length - n) - '0';
            sum += digit * (2 + (n - 1) % 6);
        }
        return sum % 11;
    }

    /** Check digit of a resident code or a My Number for the given data digits. */
    static int modulus11CheckDigit(CharSequence data) {
        int r = weightedRemainder(data);
        return r <= 1 ? 0 : 11 - r;
    }

    /** Check digit of a local government code for its five data digits. */
    static int localGovernmentCheckDigit(CharSequence data) {
        return (11 - weightedRemainder(data)) % 10;
    }
}
