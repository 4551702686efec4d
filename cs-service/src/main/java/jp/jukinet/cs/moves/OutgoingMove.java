package jp.jukinet.cs.moves;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;

/**
 * A move out of this municipality: the 転出届 and what became of it.
 *
 * @param movedOn  the day of the move, from the 転入通知; {@code null} until then
 * @param changeId the completion of the removal (除票) by the 転入通知; {@code null} until then
 */
public record OutgoingMove(UUID moveId, ResidentCode residentCode, LocalGovernmentCode destination,
                           LocalDate plannedDate, LocalDate notifiedDate, Address newAddress, boolean cardBased,
                           Channel channel, State state, LocalDate movedOn, UUID changeId, Instant createdAt) {

    /** How the 転出届 arrived. */
    public enum Channel {
        /** At the counter, registered by a clerk. */
        COUNTER,
        /** Online from the person, signed with their card (特例転出: the 付記転出届 online, 第24条の2). */
        ONLINE
    }

    /** What became of a move out. */
    public enum State {
        /**
         * The record here is removed (消除, 転出, the planned day); the 転出証明書情報 is sent (card-based) or
         * the paper 転出証明書 issued (ordinary); the person has not moved in yet.
         */
        PENDING,
        /** The 転入通知 came and completed the removal (除票) with the day moved. */
        COMPLETED,
        /** Cancelled (転出取消) before the person moved in: the record is in force again. */
        CANCELLED,
        /** The person died before moving in. */
        VOIDED
    }

    public MoveView view() {
        return new MoveView(moveId, MoveView.Direction.OUT, state.name(), residentCode, null, destination, plannedDate,
                movedOn, cardBased, channel.name());
    }

    @Override
    public String toString() {
        return "OutgoingMove[moveId=" + moveId + ", destination=" + destination + ", state=" + state + "]";
    }
}
