package jp.jukinet.model.move;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * A withdraws the 転出証明書情報 it sent B: the move will not happen. After it, B refuses a 転入届
 * on that information. Sent at once (and answered with a {@link WithdrawalAnswer}) when a clerk
 * cancels a move-out, since the person must hear whether the cancellation stands; sent through
 * A's outbox when the person died before moving in, since a death is registered whether or not B
 * is reachable.
 *
 * @param reason why the move will not happen
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MoveOutWithdrawal(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                ResidentCode residentCode, Reason reason) implements MoveMessage {

    /** Why a move-out is withdrawn. */
    public enum Reason {
        /** 転出取消: the person does not move after all. */
        CANCELLED,
        /** The person died before moving in (死亡). */
        DEATH
    }

    /** @throws InvalidValueException naming the field when a part is missing */
    public MoveOutWithdrawal {
        MoveMessage.requireMove(moveId, origin, destination);
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
        if (reason == null) {
            throw new InvalidValueException("reason", "reason is required (CANCELLED, DEATH)");
        }
    }

    @Override
    public String toString() {
        return "MoveOutWithdrawal[moveId=" + moveId + ", origin=" + origin + ", destination=" + destination
                + ", reason=" + reason + "]";
    }
}
