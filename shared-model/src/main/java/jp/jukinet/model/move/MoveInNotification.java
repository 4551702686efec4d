package jp.jukinet.model.move;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * 転入通知 (住基法 第9条第1項): the CS of the destination (B) tells the CS of the origin (A) that the
 * person moved in, so that A removes (消除) its record with reason 転出.
 *
 * @param moveId       the move, as A's 転出証明書情報 named it
 * @param movedOn      the day the person moved (転入年月日, which is the 転出 date at A)
 * @param notifiedDate the day the 転入届 was registered at B
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MoveInNotification(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                 ResidentCode residentCode, LocalDate movedOn, LocalDate notifiedDate)
        implements MoveMessage {

    /** @throws InvalidValueException naming the field when a part is missing */
    public MoveInNotification {
        MoveMessage.requireMove(moveId, origin, destination);
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
        if (movedOn == null) {
            throw new InvalidValueException("movedOn", "転入年月日 (the day of the move) is required");
        }
        if (notifiedDate == null) {
            throw new InvalidValueException("notifiedDate", "届出年月日 (notified date) is required");
        }
    }

    /** B sends it. */
    @Override
    public LocalGovernmentCode sender() {
        return destination;
    }

    /** A receives it. */
    @Override
    public LocalGovernmentCode recipient() {
        return origin;
    }

    @Override
    public String toString() {
        return "MoveInNotification[moveId=" + moveId + ", origin=" + origin + ", destination=" + destination + "]";
    }
}
