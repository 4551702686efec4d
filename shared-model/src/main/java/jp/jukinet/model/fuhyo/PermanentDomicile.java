package jp.jukinet.model.fuhyo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.TextRules;

/**
 * 本籍 (permanent domicile) and 筆頭者 (the person at the head of the family register): the 戸籍の表示
 * of a national, as the clerk enters it from the 戸籍 (住基法 第7条第5号). A CS-only item: it is kept
 * in the CS's own table, never in {@link jp.jukinet.model.identity.IdentityInformation}, never in a
 * notice up the chain, never provided to an agency, and it travels over the network only in the
 * 附票 notice ({@link jp.jukinet.model.move.FuhyoNotice}) to the municipality it names. Foreign
 * residents (住基法 第30条の45) have none, and neither has a national whose 本籍 is unknown (本籍不明):
 * for them no value exists at all, rather than an empty one.
 *
 * @param municipality the municipality of the 本籍 (本籍地), whose CS keeps the 戸籍の附票; a
 *                     municipality, not a prefecture (refused as {@code domicile.municipality})
 * @param text         the 本籍 as written in the 戸籍, e.g. {@code 東京都千代田区千代田1番}; required, at
 *                     most {@value #MAX_LENGTH} code points ({@code domicile.text})
 * @param head         筆頭者氏名, e.g. {@code 山田 太郎}; optional ({@code domicile.head})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PermanentDomicile(LocalGovernmentCode municipality, String text, String head) {

    /** Maximum length of the 本籍 and of the 筆頭者 name, in Unicode code points. */
    public static final int MAX_LENGTH = 200;

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public PermanentDomicile {
        if (municipality == null) {
            throw new InvalidValueException("domicile.municipality", "the municipality of the 本籍 (本籍地) is required");
        }
        if (municipality.municipalityPart().equals("000")) {
            throw new InvalidValueException("domicile.municipality", "names a prefecture, not a municipality");
        }
        text = TextRules.required(text, "domicile.text", "本籍 (permanent domicile)", MAX_LENGTH);
        if (head != null) {
            head = TextRules.required(head, "domicile.head", "筆頭者 (head of the family register)", MAX_LENGTH);
        }
    }

    /** Shows the municipality only: the 本籍 and the 筆頭者 are personal data. */
    @Override
    public String toString() {
        return "PermanentDomicile[municipality=" + municipality + "]";
    }
}
