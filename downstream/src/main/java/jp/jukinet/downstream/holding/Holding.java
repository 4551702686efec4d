package jp.jukinet.downstream.holding;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.ResidentStatus;

/**
 * What a holder (card management, JPKI) holds of one person: the identity information its rule gives,
 * as of the last change it applied, and the state of the card or certificates.
 *
 * @param credential       ACTIVE / SUSPENDED (card), VALID / REVOKED (JPKI)
 * @param credentialReason the change that ended the card or certificates, if one did
 * @param lastSequence     the feed sequence of the last change applied to this person (0: as enrolled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Holding(ResidentCode residentCode, String familyName, String givenName, LocalDate dateOfBirth, String sex,
                      String address, ResidentStatus status, String credential, ChangeReason credentialReason,
                      ChangeReason lastReason, LocalDate lastChangeDate, long lastSequence) {

    /** Withholds the personal data. */
    @Override
    public String toString() {
        return "Holding[(withheld), status=" + status + ", credential=" + credential + "]";
    }
}
