package jp.jukinet.model.provision;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.IdentityField;

/**
 * A legal basis on which identity information may be provided (本人確認情報の提供): which
 * provider, under which article and annex entry, to which recipient, for which task, which
 * fields, and from when to when. Rules are data, loaded by {@link ProvisionRulesLoader},
 * because the law changes.
 *
 * <p>Contract (refusals name the field; their reasons name it too, so they read on their own):
 * <ul>
 *   <li>{@code id}: required, {@code [a-z0-9-]+}, at most 100 characters;</li>
 *   <li>{@code provider}: required;</li>
 *   <li>{@code article}: required, e.g. {@code 30-9}, {@code 30-15(2)}: numbers joined by
 *       hyphens, then optional parenthesised paragraph numbers; at most 50 characters;</li>
 *   <li>{@code annexTable}: {@code "1"}–{@code "6"} or {@code null} for ordinance-based rules;
 *       tables 1–4 belong to the national provider, 5–6 to prefectures, and municipalities
 *       (Art. 30-14) have none;</li>
 *   <li>{@code annexItem}: optional, only with an annex table; short text such as {@code 3の2};</li>
 *   <li>{@code recipient}: required, the caller identity's name, {@code [a-z0-9-]+};</li>
 *   <li>{@code task}: required text, at most 500 characters;</li>
 *   <li>{@code fields}: at least one; kept as an immutable set iterating in
 *       {@link IdentityField} declaration order;</li>
 *   <li>{@code validFrom} required; {@code validTo} {@code null} for open-ended, otherwise not
 *       before {@code validFrom}. Both ends are inclusive;</li>
 *   <li>{@code scope}: required for, and only for, Art. 30-10 to 30-12 (J-LIS to local bodies, by
 *       the person's 通知都道府県, see {@link ProvisionScope}): 30-10 needs
 *       {@code RECIPIENT_PREFECTURE}, 30-11 and 30-12 {@code OTHER_PREFECTURE}. Refusals name
 *       {@code scope}, {@code scope.recipientPrefecture} or {@code scope.notifiedBy}.</li>
 *   <li>{@code use}: which item of Art. 30-15(1) a prefecture's own use falls under
 *       ({@link PrefectureUse}); required on a rule of article {@code 30-15(1)} and only there.
 *       Item 1 ({@code ANNEX_TASK}) takes its task from 別表第5, so it needs annex table 5; the
 *       other items are not annex tasks and have no annex table. A rule of article
 *       {@code 30-15(2)} is provision to another body and takes annex table 6 or none
 *       (ordinance). Older files without the field read as {@code null}.</li>
 *   <li>{@code subscriptions}: optional ({@link SubscriptionAllowance}): the subscriptions (F6) the
 *       rule allows besides lookups; {@code null} allows none. Only a NATIONAL rule may allow them
 *       (J-LIS writes the feeds).</li>
 * </ul>
 * In JSON an open-ended rule carries {@code "validTo": null} explicitly, so a reader sees it is
 * open rather than wonder whether the field was dropped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvisionRule(String id, ProviderTier provider, String article, String annexTable,
                            String annexItem, String recipient, String task, Set<IdentityField> fields,
                            LocalDate validFrom, @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate validTo,
                            ProvisionScope scope,
                            @JsonInclude(JsonInclude.Include.NON_NULL) PrefectureUse use,
                            @JsonInclude(JsonInclude.Include.NON_NULL) SubscriptionAllowance subscriptions) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern ARTICLE = Pattern.compile("[0-9]+(-[0-9]+)*(\\([0-9]+\\))*");
    private static final int MAX_ID_LENGTH = 100;
    /** Far above any article of the law; it bounds {@link #ARTICLE}'s recursion, which overflows the stack near 4,000 characters. */
    private static final int MAX_ARTICLE_LENGTH = 50;
    private static final int MAX_TASK_LENGTH = 500;
    private static final int MAX_ANNEX_ITEM_LENGTH = 50;

    /** @throws InvalidValueException when the contract above is broken */
    public ProvisionRule {
        requireName(id, "id");
        if (provider == null) {
            throw new InvalidValueException("provider", "provider is required");
        }
        if (article == null) {
            throw new InvalidValueException("article", "article is required");
        }
        if (article.length() > MAX_ARTICLE_LENGTH) {
            throw new InvalidValueException("article", "article is longer than " + MAX_ARTICLE_LENGTH + " characters");
        }
        if (!ARTICLE.matcher(article).matches()) {
            throw new InvalidValueException("article",
                    "article '" + article + "' is not of the form 30-9 or 30-15(2)");
        }
        checkAnnex(provider, annexTable, annexItem);
        requireName(recipient, "recipient");
        requireText(task, "task", MAX_TASK_LENGTH);
        if (fields == null || fields.isEmpty()) {
            throw new InvalidValueException("fields", "fields must name at least one identity field");
        }
        if (fields.contains(null)) {
            throw new InvalidValueException("fields", "fields must not contain null");
        }
        fields = Collections.unmodifiableSet(EnumSet.copyOf(fields));
        if (validFrom == null) {
            throw new InvalidValueException("validFrom", "validFrom is required");
        }
        if (validTo != null && validTo.isBefore(validFrom)) {
            throw new InvalidValueException("validTo",
                    "validTo (" + validTo + ") is before validFrom (" + validFrom + ")");
        }
        checkScope(article, scope);
        checkUse(provider, article, annexTable, use);
        if (subscriptions != null && provider != ProviderTier.NATIONAL) {
            throw new InvalidValueException(SubscriptionAllowance.FIELD, "only a NATIONAL rule allows subscriptions"
                    + " (J-LIS writes the feeds)");
        }
    }

    /** A rule of any article without subscriptions (the form of every rule before push-type notification). */
    public ProvisionRule(String id, ProviderTier provider, String article, String annexTable, String annexItem,
                         String recipient, String task, Set<IdentityField> fields, LocalDate validFrom, LocalDate validTo,
                         ProvisionScope scope, PrefectureUse use) {
        this(id, provider, article, annexTable, annexItem, recipient, task, fields, validFrom, validTo, scope, use, null);
    }

    /** A rule without a scope and without a prefecture's use (every article but 30-10 to 30-12 and 30-15(1)). */
    public ProvisionRule(String id, ProviderTier provider, String article, String annexTable, String annexItem,
                         String recipient, String task, Set<IdentityField> fields, LocalDate validFrom, LocalDate validTo) {
        this(id, provider, article, annexTable, annexItem, recipient, task, fields, validFrom, validTo,
                (ProvisionScope) null, (PrefectureUse) null, null);
    }

    /** A rule of J-LIS to local bodies (Art. 30-10 to 30-12), scoped by the person's 通知都道府県. */
    public ProvisionRule(String id, ProviderTier provider, String article, String annexTable, String annexItem,
                         String recipient, String task, Set<IdentityField> fields, LocalDate validFrom, LocalDate validTo,
                         ProvisionScope scope) {
        this(id, provider, article, annexTable, annexItem, recipient, task, fields, validFrom, validTo, scope,
                (PrefectureUse) null, null);
    }

    /** A rule of a prefecture's own use (Art. 30-15(1)), naming its item. */
    public ProvisionRule(String id, ProviderTier provider, String article, String annexTable, String annexItem,
                         String recipient, String task, Set<IdentityField> fields, LocalDate validFrom, LocalDate validTo,
                         PrefectureUse use) {
        this(id, provider, article, annexTable, annexItem, recipient, task, fields, validFrom, validTo, null, use, null);
    }

    /** The article of the prefecture's own use (第30条の15第1項). */
    public static final String PREFECTURE_USE_ARTICLE = "30-15(1)";

    private static void checkScope(String article, ProvisionScope scope) {
        ProvisionScope.NotifiedBy required = ProvisionScope.requiredBy(article);
        if (required == null && scope != null) {
            throw new InvalidValueException(ProvisionScope.FIELD, "a scope (通知都道府県) belongs to articles 30-10 to "
                    + "30-12 only, not to " + article);
        }
        if (required != null && scope == null) {
            throw new InvalidValueException(ProvisionScope.FIELD, "article " + article + " needs a scope: "
                    + "{recipientPrefecture, notifiedBy: " + required + "}");
        }
        if (required != null && scope.notifiedBy() != required) {
            throw new InvalidValueException(ProvisionScope.FIELD + ".notifiedBy", "article " + article
                    + " serves persons notified by " + (required == ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE
                    ? "the recipient's own prefecture" : "other prefectures") + ": notifiedBy must be " + required);
        }
    }

    private static void checkUse(ProviderTier provider, String article, String annexTable, PrefectureUse use) {
        boolean ownUse = provider == ProviderTier.PREFECTURE && article.equals(PREFECTURE_USE_ARTICLE);
        if (!ownUse) {
            if (use != null) {
                throw new InvalidValueException("use", "use is only for a PREFECTURE rule of article "
                        + PREFECTURE_USE_ARTICLE + " (the prefecture's own use)");
            }
            if (provider == ProviderTier.PREFECTURE && article.equals("30-15(2)") && annexTable != null
                    && !annexTable.equals("6")) {
                throw new InvalidValueException("annexTable", "a rule of article 30-15(2) takes annex table 6 or none"
                        + " (ordinance), not " + annexTable);
            }
            return;
        }
        if (use == null) {
            throw new InvalidValueException("use", "a rule of article " + PREFECTURE_USE_ARTICLE
                    + " must say which item of it the use falls under (use: ANNEX_TASK, ORDINANCE_TASK,"
                    + " CONSENTED_TASK or STATISTICS)");
        }
        if (use == PrefectureUse.ANNEX_TASK && !"5".equals(annexTable)) {
            throw new InvalidValueException("annexTable", "use ANNEX_TASK (item 1) is a task of annex table 5,"
                    + " so annexTable must be 5");
        }
        if (use != PrefectureUse.ANNEX_TASK && annexTable != null) {
            throw new InvalidValueException("annexTable", "use " + use + " (item " + use.item()
                    + ") is not an annex task, so it has no annexTable");
        }
    }

    private static void checkAnnex(ProviderTier provider, String annexTable, String annexItem) {
        if (annexTable == null) {
            if (annexItem != null) {
                throw new InvalidValueException("annexItem", "annexItem requires an annexTable");
            }
            return;
        }
        if (!annexTable.matches("[1-6]")) {
            throw new InvalidValueException("annexTable", "annexTable must be one of 1 to 6");
        }
        int table = annexTable.charAt(0) - '0';
        boolean fits = switch (provider) {
            case NATIONAL -> table <= 4;
            case PREFECTURE -> table >= 5;
            case MUNICIPALITY -> false;
        };
        if (!fits) {
            throw new InvalidValueException("annexTable", "annexTable " + annexTable + " does not belong to provider "
                    + provider + " (NATIONAL: 1-4, PREFECTURE: 5-6, MUNICIPALITY: none)");
        }
        if (annexItem != null) {
            requireText(annexItem, "annexItem", MAX_ANNEX_ITEM_LENGTH);
        }
    }

    private static void requireName(String value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH || !NAME.matcher(value).matches()) {
            throw new InvalidValueException(field,
                    field + " must be 1 to " + MAX_ID_LENGTH + " characters of a-z, 0-9 and '-'");
        }
    }

    private static void requireText(String value, String field, int maxLength) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (value.isBlank()) {
            throw new InvalidValueException(field, field + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidValueException(field, field + " is longer than " + maxLength + " characters");
        }
        if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE)) {
            throw new InvalidValueException(field, field + " must not contain control characters or malformed text");
        }
    }

    /** Whether the rule is in force on {@code date}: {@code validFrom ≤ date ≤ validTo}, open when validTo is null. */
    public boolean inForceOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
    }

    /** Whether the rule allows subscriptions at all. */
    public boolean allowsSubscriptions() {
        return subscriptions != null;
    }

    /** Whether the rule lets its recipient receive {@code field}. */
    public boolean allows(IdentityField field) {
        return fields.contains(field);
    }
}
