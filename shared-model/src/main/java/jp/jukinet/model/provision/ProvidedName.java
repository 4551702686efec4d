package jp.jukinet.model.provision;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The parts of a name a provision discloses: {@code family}/{@code given} under
 * {@link jp.jukinet.model.identity.IdentityField#NAME}, the readings under {@code NAME_KANA},
 * the former surname (旧氏) or alias (通称) under {@code FORMER_SURNAME_OR_ALIAS}. A part the
 * rule does not allow is absent from the JSON, never {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvidedName(String family, String given, String familyKana, String givenKana,
                           String formerSurname, String alias) {

    /** Withholds the name. */
    @Override
    public String toString() {
        return "ProvidedName[(withheld)]";
    }
}
