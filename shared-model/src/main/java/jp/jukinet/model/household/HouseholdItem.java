package jp.jukinet.model.household;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.TextRules;

/**
 * 世帯主の氏名及び世帯主との続柄 (住基法 第7条第4号) of one person, as a wire item: optional on the
 * contracts that carry it (a wide-area copy that asked for it, the 転出証明書情報), absent
 * everywhere else. The household itself stays at the CS that keeps it; nothing here identifies it.
 * Added by issue #13: readers from before ignore it (every contract record ignores unknown
 * properties), and {@code version} lets a later shape of the item be told from this one.
 *
 * @param version      the item's version; writers put {@link #CURRENT_VERSION}, readers accept any ≥ 1
 * @param head         the 世帯主's name (for the 世帯主 themself, their own)
 * @param relationship 続柄 to the 世帯主 as the register writes it (世帯主, 妻, 子, 母, 同居人, …); at
 *                     most {@value #MAX_RELATIONSHIP} code points
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HouseholdItem(int version, PersonName head, String relationship) {

    public static final int CURRENT_VERSION = 1;

    /** Maximum length of a 続柄, in Unicode code points. */
    public static final int MAX_RELATIONSHIP = 20;

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public HouseholdItem {
        if (version < 1) {
            throw new InvalidValueException("household.version", "version must be 1 or higher");
        }
        if (head == null) {
            throw new InvalidValueException("household.head", "世帯主の氏名 is required");
        }
        relationship = TextRules.required(relationship, "household.relationship", "続柄 (relationship)", MAX_RELATIONSHIP);
    }

    /** The current version of the item. */
    public static HouseholdItem of(PersonName head, String relationship) {
        return new HouseholdItem(CURRENT_VERSION, head, relationship);
    }

    /** Shows no personal data. */
    @Override
    public String toString() {
        return "HouseholdItem[version=" + version + "]";
    }
}
