package jp.jukinet.model.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An address (住所) as registered. For now one line of text; structured parts (postal code,
 * 方書 …) may be added later, which is why the type is a record and JSON readers ignore
 * fields they do not know.
 *
 * @param text the address, required: well-formed Unicode, not blank, at most
 *             {@value #MAX_LENGTH} code points, no control or invisible format characters;
 *             refused as field {@code address.text}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Address(String text) {

    /** Maximum length in Unicode code points. */
    public static final int MAX_LENGTH = 200;

    /** @throws jp.jukinet.model.InvalidValueException when {@code text} breaks the contract */
    public Address {
        TextRules.required(text, "address.text", "住所 (address)", MAX_LENGTH);
    }

    /** The address text, for matching, normalised as {@link NameNormalizer} describes. */
    public String normalizedText() {
        return NameNormalizer.normalize(text);
    }
}
