package jp.jukinet.model.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * A person's name (氏名) with its reading (振り仮名) and, where recorded, the former surname
 * (旧氏) of a Japanese national or the alias (通称) of a foreign resident.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code family} and {@code given} are required; every text part is well-formed Unicode,
 *       not blank, at most {@value #MAX_LENGTH} code points, without control or invisible
 *       format characters. Text is kept as written (ideograph variants, 外字 included).</li>
 *   <li>{@code familyKana} and {@code givenKana} are required and written in full-width
 *       katakana: ァ–ヺ, ー, ・ (between the parts of a foreign name) and ヽヾ; no spaces, no
 *       hiragana. Half-width katakana is accepted and stored in full-width form (NFKC).</li>
 *   <li>{@code formerSurname} and {@code alias} are optional and mutually exclusive: a former
 *       surname comes from the family register of a national, an alias is registered for a
 *       foreign resident, and no one has both.</li>
 * </ul>
 * Refusals name the field as {@code name.family}, {@code name.familyKana}, … .
 * Compare names through {@link #normalized()} (see {@link NameNormalizer}), never with
 * {@code equals} on what a caller typed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PersonName(String family, String given, String familyKana, String givenKana,
                         String formerSurname, String alias) {

    /** Maximum length of each part, in Unicode code points. */
    public static final int MAX_LENGTH = 100;

    /** @throws InvalidValueException when a part breaks the contract above */
    public PersonName {
        family = TextRules.required(family, "name.family", "氏 (family name)", MAX_LENGTH);
        given = TextRules.required(given, "name.given", "名 (given name)", MAX_LENGTH);
        familyKana = TextRules.katakana(familyKana, "name.familyKana", "氏の振り仮名 (family name reading)", MAX_LENGTH);
        givenKana = TextRules.katakana(givenKana, "name.givenKana", "名の振り仮名 (given name reading)", MAX_LENGTH);
        formerSurname = TextRules.optional(formerSurname, "name.formerSurname", "旧氏 (former surname)", MAX_LENGTH);
        alias = TextRules.optional(alias, "name.alias", "通称 (alias)", MAX_LENGTH);
        if (formerSurname != null && alias != null) {
            throw new InvalidValueException("name.alias",
                    "a name carries either a former surname (旧氏, nationals) or an alias (通称, foreign residents), not both");
        }
    }

    /** A name without former surname or alias. */
    public static PersonName of(String family, String given, String familyKana, String givenKana) {
        return new PersonName(family, given, familyKana, givenKana, null, null);
    }

    /** Family and given name separated by one ASCII space, e.g. {@code 山田 花子}. */
    public String fullName() {
        return family + " " + given;
    }

    /** The reading of the full name, e.g. {@code ヤマダ ハナコ}. */
    public String fullNameKana() {
        return familyKana + " " + givenKana;
    }

    /**
     * This name with every part passed through {@link NameNormalizer#normalize(String)}: two
     * names denote the same written name for matching purposes when their normalised forms are
     * equal. The normalised form is not itself a name: NFKC may lengthen a part beyond
     * {@value #MAX_LENGTH} code points (㈈ becomes three, ﷺ eighteen), which is why
     * it is a {@link Normalized} and not a {@code PersonName}, whose limits are those of the
     * written name.
     */
    public Normalized normalized() {
        return new Normalized(NameNormalizer.normalize(family), NameNormalizer.normalize(given),
                NameNormalizer.normalize(familyKana), NameNormalizer.normalize(givenKana),
                formerSurname == null ? null : NameNormalizer.normalize(formerSurname),
                alias == null ? null : NameNormalizer.normalize(alias));
    }

    /** The parts of a name in the form they are matched in; {@code null} where the name has no such part. */
    public record Normalized(String family, String given, String familyKana, String givenKana,
                             String formerSurname, String alias) {
    }
}
