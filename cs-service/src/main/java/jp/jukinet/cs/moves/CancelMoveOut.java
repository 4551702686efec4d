package jp.jukinet.cs.moves;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.household.Households;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.move.WithdrawalAnswer;
import jp.jukinet.service.peer.PeerGateway;
import jp.jukinet.service.web.Refusal;

/**
 * 転出取消: a clerk cancels a pending move-out. The destination is asked first, at once, to withdraw
 * the 転出証明書情報 (it holds the move-in); only when it has, the move-out is cancelled here. So the
 * answer at the counter is definite: cancelled (B will refuse a move-in on it, also if the
 * information reaches B later), refused (the person already moved in at B), or "B cannot be
 * reached now" with nothing changed.
 */
@Service
class CancelMoveOut {

    private static final Logger log = LoggerFactory.getLogger(CancelMoveOut.class);

    private final CsSettings settings;
    private final Moves moves;
    private final PeerGateway gateway;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Households households;

    CancelMoveOut(CsSettings settings, Moves moves, PeerGateway gateway, TransactionTemplate transactions, Clock clock,
                  Households households) {
        this.households = households;
        this.settings = settings;
        this.moves = moves;
        this.gateway = gateway;
        this.transactions = transactions;
        this.clock = clock;
    }

    MoveView cancel(UUID moveId) {
        OutgoingMove move = moves.outgoing(moveId)
                .orElseThrow(() -> Refusal.notFound("moveId", "no move-out with this id was registered here"));
        switch (move.state()) {
            case CANCELLED -> {
                return move.view();
            }
            case COMPLETED -> throw Refusal.conflict("moveId", "the person moved in at " + move.destination().value()
                    + " on " + move.movedOn() + ": the move-out cannot be cancelled");
            case VOIDED -> throw Refusal.conflict("moveId", "the move was withdrawn after the person's death");
            case PENDING -> { }
        }
        MoveOutWithdrawal withdrawal = new MoveOutWithdrawal(moveId, settings.municipality(), move.destination(),
                move.residentCode(), MoveOutWithdrawal.Reason.CANCELLED);
        WithdrawalAnswer answer;
        try {
            answer = gateway.client().post()
                    .uri("/internal/v1/municipalities/{lg}/moves/{moveId}/withdrawal", move.destination().value(), moveId)
                    .contentType(MediaType.APPLICATION_JSON).body(withdrawal)
                    .retrieve().body(WithdrawalAnswer.class);
        } catch (RestClientException e) {
            log.warn("Withdrawing move {} at {} failed ({})", moveId, move.destination().value(), e.getClass().getSimpleName());
            throw new Refusal(Refusal.Kind.UNAVAILABLE, null, "the CS of " + move.destination().value()
                    + " cannot be reached now; the move-out stands, nothing was changed; please retry");
        }
        if (answer == null || answer.outcome() == WithdrawalAnswer.Outcome.ALREADY_MOVED_IN) {
            throw Refusal.conflict("moveId", "the person has already moved in at " + move.destination().value()
                    + ": the move-out cannot be cancelled (the record here is removed when the 転入通知 arrives)");
        }
        return transactions.execute(status -> {
            Instant now = clock.instant();
            OutgoingMove locked = moves.outgoingForUpdate(moveId).orElseThrow();
            if (locked.state() == OutgoingMove.State.PENDING) {
                moves.endMoveOut(moveId, OutgoingMove.State.CANCELLED, null, null, now);
                // the person left their household at the 転出届; the 転出取消 brings them back
                households.restoreAfterCancelledMoveOut(move.residentCode(), LocalDate.now(clock), now);
            }
            return moves.outgoing(moveId).orElseThrow().view();
        });
    }
}
