package jp.jukinet.model.numbering;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.NameNormalizer;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * Before a municipality numbers a person who comes from abroad (国外からの転入), it asks the national
 * server whether someone with the same name (after {@link NameNormalizer normalisation}), date of
 * birth and sex is registered, in force, anywhere in the country: such a person keeps their
 * resident code and moves in with the 転出証明書情報 of the municipality they live in, rather than
 * being numbered twice. The answer is a {@link RegistrationCheck.Answer}: yes or no, and nothing
 * about where.
 *
 * @param municipality the municipality that asks
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistrationCheck(LocalGovernmentCode municipality, PersonName name, LocalDate dateOfBirth, Sex sex) {

    /** @throws InvalidValueException naming the field when a part is missing */
    public RegistrationCheck {
        ResidentCodeBlockRequest.requireMunicipality(municipality);
        if (name == null) {
            throw new InvalidValueException("name", "name is required");
        }
        if (dateOfBirth == null) {
            throw new InvalidValueException("dateOfBirth", "date of birth is required");
        }
        if (sex == null) {
            throw new InvalidValueException("sex", "sex is required");
        }
    }

    /** The name as the registers compare it. */
    public String normalizedName() {
        return NameNormalizer.normalize(name.family() + name.given());
    }

    /** Shows no personal data. */
    @Override
    public String toString() {
        return "RegistrationCheck[municipality=" + municipality + "]";
    }

    /** @param registered whether a person with these 4 info… is registered and in force somewhere */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Answer(boolean registered) {
    }
}
