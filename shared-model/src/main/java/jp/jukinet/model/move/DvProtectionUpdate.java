package jp.jukinet.model.move;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * DV support measures set, changed or lifted at A after the 転出証明書情報 went to B: B applies them
 * to the information it holds and, when the person has already moved in, to its record.
 *
 * @param dvProtection the measures now standing, or {@code null} when they were lifted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DvProtectionUpdate(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                 ResidentCode residentCode, DvProtection dvProtection) implements MoveMessage {

    /** @throws InvalidValueException naming the field when a part is missing */
    public DvProtectionUpdate {
        MoveMessage.requireMove(moveId, origin, destination);
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
    }

    @Override
    public String toString() {
        return "DvProtectionUpdate[moveId=" + moveId + ", origin=" + origin + ", destination=" + destination
                + ", lifted=" + (dvProtection == null) + "]";
    }
}
