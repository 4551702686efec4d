package jp.jukinet.cs.registration;

import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;

/** The answer to an accepted notification: the resident's identity information after it, and the change id. */
record RegistrationResult(UUID changeId, ResidentCode residentCode, MyNumber myNumber, PersonData person,
                          ResidentStatus status, LocalGovernmentCode municipality, ChangeInformation change) {

    static RegistrationResult of(UUID changeId, IdentityInformation identity) {
        return new RegistrationResult(changeId, identity.residentCode(), identity.myNumber(),
                new PersonData(identity.name(), identity.dateOfBirth(), identity.sex(), identity.address()),
                identity.status(), identity.municipality(), identity.change());
    }

    @Override
    public String toString() {
        return "RegistrationResult[changeId=" + changeId + ", residentCode=" + residentCode + "]";
    }
}
