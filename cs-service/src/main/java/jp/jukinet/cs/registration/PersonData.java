package jp.jukinet.cs.registration;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/** The 4 info of a person as a notification carries them; absent parts are {@code null}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PersonData(PersonName name, LocalDate dateOfBirth, Sex sex, Address address) {

    boolean isEmpty() {
        return name == null && dateOfBirth == null && sex == null && address == null;
    }
}
