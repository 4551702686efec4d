package jp.jukinet.model.move;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * B's answer to a {@link MoveOutWithdrawal} sent at once.
 *
 * @param outcome {@code WITHDRAWN} (B will refuse a 転入届 on the information, also when it arrives
 *                later) or {@code ALREADY_MOVED_IN} (the person has moved in at B: too late to cancel)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WithdrawalAnswer(UUID moveId, Outcome outcome) {

    /** What became of the withdrawal. */
    public enum Outcome {
        WITHDRAWN,
        ALREADY_MOVED_IN
    }

    public WithdrawalAnswer {
        if (moveId == null) {
            throw new InvalidValueException("moveId", "move id is required");
        }
        if (outcome == null) {
            throw new InvalidValueException("outcome", "outcome is required");
        }
    }
}
