package jp.jukinet.model.identity;

import java.text.Normalizer;

/**
 * The normalisation under which names (and other free text such as addresses) are compared
 * when matching, e.g. in a lookup by 4 info. Stored text is never replaced by its normalised
 * form: the register keeps what was written, matching ignores the differences below.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>Unicode NFKC: full-width ASCII becomes ASCII ({@code ＡＢＣ} → {@code ABC}), half-width
 *       katakana becomes full-width with voiced marks composed ({@code ﾔﾏﾀﾞ} → {@code ヤマダ}),
 *       the ideographic space becomes a space;</li>
 *   <li>every whitespace or space-separator character is removed ({@code 山田　花子} →
 *       {@code 山田花子}), because where a name is split is not significant for matching;</li>
 *   <li>hiragana becomes katakana ({@code やまだ} → {@code ヤマダ}, including ゝゞ → ヽヾ);</li>
 *   <li>letters are upper-cased with the locale-independent simple case mapping
 *       ({@code Smith} → {@code SMITH}).</li>
 * </ol>
 * The steps are repeated while NFKC would still change the result, so normalising is idempotent.
 * Variation selectors and private-use characters (外字) pass through unchanged: two names that
 * differ only in an ideograph variant are not merged here.
 */
public final class NameNormalizer {

    private static final int HIRAGANA_FIRST = 0x3041;
    private static final int HIRAGANA_LAST = 0x3096;
    private static final int HIRAGANA_ITERATION_FIRST = 0x309D;
    private static final int HIRAGANA_ITERATION_LAST = 0x309E;
    private static final int KATAKANA_OFFSET = 0x60;

    private NameNormalizer() {
    }

    /**
     * @param text any text, not null
     * @return the text normalised as described on this class; empty if it held only whitespace.
     *         Normalising the result again changes nothing.
     */
    public static String normalize(String text) {
        String normalized = pass(text);
        // Removing a space or turning hiragana into katakana can leave what NFKC composes further
        // (ゝ゛ is ゝ, a space and a combining voiced mark; without the space ヽ and the mark compose
        // to ヾ): pass again until NFKC has nothing left to do, so that a normalised text matches itself
        for (int pass = 1; pass < 4 && !Normalizer.isNormalized(normalized, Normalizer.Form.NFKC); pass++) {
            normalized = pass(normalized);
        }
        return normalized;
    }

    private static String pass(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder result = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return;
            }
            if ((cp >= HIRAGANA_FIRST && cp <= HIRAGANA_LAST)
                    || (cp >= HIRAGANA_ITERATION_FIRST && cp <= HIRAGANA_ITERATION_LAST)) {
                result.appendCodePoint(cp + KATAKANA_OFFSET);
            } else {
                result.appendCodePoint(Character.toUpperCase(cp));
            }
        });
        return result.toString();
    }

    /** Whether two texts are equal after {@link #normalize(String) normalisation}. */
    public static boolean sameAfterNormalization(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
