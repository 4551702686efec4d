package jp.jukinet.model.move;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;

/**
 * What the destination's CS asks J-LIS before it registers a 転入届 on a paper 転出証明書
 * ({@code POST /internal/v1/national/move-out-verifications}): J-LIS's record of the person's removal
 * by 転出. The asking municipality is the caller the gateway verified, never a field: J-LIS answers
 * only the municipality its own record names as the destination ({@code movedTo}).
 *
 * @param residentCode the person's resident code, as printed on the paper
 * @param myNumber     the person's My Number, as printed on the paper: the caller shows it holds the
 *                     paper, so that "not yet received" is told only to one who does
 * @param origin       the municipality that issued the paper
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MoveOutVerification(ResidentCode residentCode, MyNumber myNumber, LocalGovernmentCode origin) {

    /** @throws InvalidValueException naming the field when a component is missing */
    public MoveOutVerification {
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
        if (myNumber == null) {
            throw new InvalidValueException("myNumber", "My Number is required");
        }
        if (origin == null) {
            throw new InvalidValueException("origin", "origin (転出元) is required");
        }
    }

    /**
     * J-LIS's answer: the person's current record there, removed (消除) by 転出 at {@code origin}
     * with the asking municipality as destination.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Answer(IdentityInformation removal) {

        @Override
        public String toString() {
            return "MoveOutVerification.Answer[" + removal + "]";
        }
    }

    @Override
    public String toString() {
        return "MoveOutVerification[origin=" + origin + "]";
    }
}
