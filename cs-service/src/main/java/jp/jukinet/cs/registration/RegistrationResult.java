package jp.jukinet.cs.registration;

import java.util.UUID;

import jp.jukinet.cs.moves.MoveView;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;

/**
 * The answer to an accepted notification: the resident's identity information after it (after a
 * MOVE_OUT, the record removed by 転出), and the change id; for MOVE_OUT and MOVE_IN, the move.
 */
record RegistrationResult(UUID changeId, ResidentCode residentCode, MyNumber myNumber, PersonData person,
                          ResidentStatus status, LocalGovernmentCode municipality, ChangeInformation change,
                          MoveView move) {

    static RegistrationResult of(UUID changeId, IdentityInformation identity) {
        return new RegistrationResult(changeId, identity.residentCode(), identity.myNumber(),
                new PersonData(identity.name(), identity.dateOfBirth(), identity.sex(), identity.address()),
                identity.status(), identity.municipality(), identity.change(), null);
    }

    RegistrationResult withMove(MoveView move) {
        return new RegistrationResult(changeId, residentCode, myNumber, person, status, municipality, change, move);
    }

    @Override
    public String toString() {
        return "RegistrationResult[changeId=" + changeId + ", residentCode=" + residentCode + "]";
    }
}
