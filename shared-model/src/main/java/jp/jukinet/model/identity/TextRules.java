package jp.jukinet.model.identity;

import java.text.Normalizer;

import jp.jukinet.model.InvalidValueException;

/**
 * Checks shared by the free-text fields of identity information. Refusals describe the
 * problem but do not echo the text: names and addresses are personal data.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Required text: present, well-formed, not blank, at most {@code maxCodePoints} long. */
    public static String required(String value, String field, String label, int maxCodePoints) {
        if (value == null) {
            throw new InvalidValueException(field, label + " is required");
        }
        return optional(value, field, label, maxCodePoints);
    }

    /** As {@link #required}, but {@code null} is allowed and returned as is. */
    static String optional(String value, String field, String label, int maxCodePoints) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValueException(field, label + " is not well-formed Unicode (unpaired surrogate)");
            }
        }
        value.codePoints().forEach(cp -> {
            // Format characters (Cf) include bidi overrides and zero-width spaces, which make
            // two different names look identical; variation selectors (Mn) are not affected.
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                throw new InvalidValueException(field,
                        label + " must not contain control or invisible format characters (U+"
                                + String.format("%04X", cp) + ")");
            }
        });
        if (value.codePointCount(0, value.length()) > maxCodePoints) {
            throw new InvalidValueException(field, label + " is longer than " + maxCodePoints + " characters");
        }
        if (NameNormalizer.normalize(value).isEmpty()) {
            throw new InvalidValueException(field, label + " must not be blank");
        }
        return value;
    }

    /**
     * A reading in katakana (振り仮名). Half-width katakana is accepted and stored in its NFKC
     * (full-width) form; anything outside full-width katakana, the prolonged sound mark ー, the
     * middle dot ・ (separating the parts of foreign names) and the iteration marks ヽヾ is
     * refused, spaces included, because family and given readings are separate fields.
     */
    static String katakana(String value, String field, String label, int maxCodePoints) {
        String checked = required(value, field, label, maxCodePoints);
        String nfkc = Normalizer.normalize(checked, Normalizer.Form.NFKC);
        // the NFKC form is what is kept, so the limit holds for it too: a squared word such as ㌀
        // is one code point as written and four (アパート) as kept, and a kept reading longer than
        // the limit would be refused wherever the record is read again
        if (nfkc.codePointCount(0, nfkc.length()) > maxCodePoints) {
            throw new InvalidValueException(field, label + " is longer than " + maxCodePoints
                    + " characters in full-width katakana");
        }
        nfkc.codePoints().forEach(cp -> {
            if (!isAllowedKatakana(cp)) {
                String hint = cp >= 0x3041 && cp <= 0x309F ? " (hiragana is not accepted: write the reading in katakana)" : "";
                throw new InvalidValueException(field,
                        label + " must be written in full-width katakana (カタカナ); U+"
                                + String.format("%04X", cp) + " is not allowed" + hint);
            }
        });
        return nfkc;
    }

    private static boolean isAllowedKatakana(int cp) {
        // ァ (U+30A1) .. ヺ (U+30FA), ・ (U+30FB), ー (U+30FC), ヽ ヾ (U+30FD, U+30FE)
        return cp >= 0x30A1 && cp <= 0x30FE;
    }
}
