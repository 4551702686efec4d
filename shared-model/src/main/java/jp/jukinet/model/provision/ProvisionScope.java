package jp.jukinet.model.provision;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.PrefectureCode;

/**
 * Whose identity information a J-LIS rule under Art. 30-10 to 30-12 reaches, by the person's
 * 通知都道府県 (the prefecture whose server notified J-LIS of the person's information):
 * <ul>
 *   <li>Art. 30-10: the municipal bodies inside the 通知都道府県 — the person was notified by the
 *       recipient's own prefecture ({@link NotifiedBy#RECIPIENT_PREFECTURE});</li>
 *   <li>Art. 30-11 (the bodies of other prefectures) and Art. 30-12 (municipal bodies in other
 *       prefectures) — the person was notified by a prefecture other than the recipient's
 *       ({@link NotifiedBy#OTHER_PREFECTURE}).</li>
 * </ul>
 * A person outside the scope is not the recipient's to receive under that rule: the provider
 * refuses ({@link RefusalReason#OUT_OF_SCOPE}) and records the refusal.
 *
 * <p>In a rules file: {@code "scope": {"recipientPrefecture": "13", "notifiedBy": "RECIPIENT_PREFECTURE"}}.
 *
 * @param recipientPrefecture the prefecture the recipient belongs to (its own, or its municipality's)
 * @param notifiedBy          which 通知都道府県 the rule needs, relative to {@code recipientPrefecture}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvisionScope(PrefectureCode recipientPrefecture, NotifiedBy notifiedBy) {

    /** The JSON name of the scope in a rule, and the prefix of its members' names in refusals. */
    public static final String FIELD = "scope";

    /** Which prefecture must have notified the person's information, relative to the recipient's. */
    public enum NotifiedBy {
        /** The recipient's own prefecture (Art. 30-10). */
        RECIPIENT_PREFECTURE,
        /** Any prefecture but the recipient's (Art. 30-11, 30-12). */
        OTHER_PREFECTURE
    }

    /** @throws InvalidValueException (field {@code scope.recipientPrefecture} or {@code scope.notifiedBy}) when one is missing */
    public ProvisionScope {
        if (recipientPrefecture == null) {
            throw new InvalidValueException(FIELD + ".recipientPrefecture", "scope.recipientPrefecture is required");
        }
        if (notifiedBy == null) {
            throw new InvalidValueException(FIELD + ".notifiedBy", "scope.notifiedBy is required (RECIPIENT_PREFECTURE "
                    + "or OTHER_PREFECTURE)");
        }
    }

    /** Whether a person whose information {@code notifyingPrefecture} notified is inside this scope. */
    public boolean covers(PrefectureCode notifyingPrefecture) {
        boolean same = recipientPrefecture.equals(notifyingPrefecture);
        return notifiedBy == NotifiedBy.RECIPIENT_PREFECTURE ? same : !same;
    }

    /** The relation the article of a rule needs: 30-10 its recipient's prefecture, 30-11 and 30-12 others; else none. */
    static NotifiedBy requiredBy(String article) {
        String base = article.indexOf('(') < 0 ? article : article.substring(0, article.indexOf('('));
        return switch (base) {
            case "30-10" -> NotifiedBy.RECIPIENT_PREFECTURE;
            case "30-11", "30-12" -> NotifiedBy.OTHER_PREFECTURE;
            default -> null;
        };
    }
}
