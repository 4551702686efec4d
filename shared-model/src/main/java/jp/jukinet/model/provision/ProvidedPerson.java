package jp.jukinet.model.provision;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.Sex;

/**
 * The 4 info of a person as a provision discloses them, in the shape of a notification's
 * {@code person}: only the parts the rule allows are present; the others are absent from the
 * JSON, never {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvidedPerson(ProvidedName name, LocalDate dateOfBirth, Sex sex, Address address) {

    /** Withholds the personal data. */
    @Override
    public String toString() {
        return "ProvidedPerson[(withheld)]";
    }
}
