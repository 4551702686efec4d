package jp.jukinet.cs.moves;

import java.time.LocalDate;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;

/**
 * A move as a clerk sees it.
 *
 * @param direction   OUT (this municipality is the origin) or IN (the destination)
 * @param state       OUT: PENDING, COMPLETED, CANCELLED, VOIDED; IN: AVAILABLE, COMPLETED, WITHDRAWN
 * @param origin      where the person moves from (IN only)
 * @param destination where the person moves to (OUT only)
 * @param movedOn     the day of the move, once known
 * @param channel     how the 転出届 arrived (OUT only): COUNTER or ONLINE
 */
public record MoveView(UUID moveId, Direction direction, String state, ResidentCode residentCode,
                       LocalGovernmentCode origin, LocalGovernmentCode destination, java.time.LocalDate plannedDate,
                       LocalDate movedOn, boolean cardBased, String channel) {

    /** Which end of the move this municipality is. */
    public enum Direction {
        OUT,
        IN
    }

    @Override
    public String toString() {
        return "MoveView[moveId=" + moveId + ", direction=" + direction + ", state=" + state + "]";
    }
}
