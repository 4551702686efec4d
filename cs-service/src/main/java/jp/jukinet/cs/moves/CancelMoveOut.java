package jp.jukinet.cs.moves;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.household.Households;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.move.WithdrawalAnswer;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.peer.PeerGateway;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;

/**
 * 転出取消: a clerk cancels a pending move-out, and the record removed at the 転出届 is in force again
 * (reason {@link ChangeReason#MOVE_OUT_CANCELLATION}, same residence, no destination), in one
 * transaction with its notice up the chain. For a card-based move-out the destination is asked
 * first, at once, to withdraw the 転出証明書情報 (it holds the move-in); only when it has, the
 * move-out is cancelled here. So the answer at the counter is definite: cancelled (B will refuse a
 * move-in on it, also if the information reaches B later), refused (the person already moved in at
 * B), or "B cannot be reached now" with nothing changed. An ordinary move-out sent B nothing: the
 * clerk takes the paper 転出証明書 back, and B, which checks a paper against J-LIS, finds the person
 * in force at A once the restoration has reached J-LIS.
 */
@Service
class CancelMoveOut {

    private static final Logger log = LoggerFactory.getLogger(CancelMoveOut.class);

    private final CsSettings settings;
    private final Moves moves;
    private final PeerGateway gateway;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final NodeId local;
    private final ResidentRegister register;
    private final NoticeOutbox notices;
    private final Households households;

    CancelMoveOut(CsSettings settings, Moves moves, PeerGateway gateway, TransactionTemplate transactions, Clock clock,
                  NodeId local, ResidentRegister register, NoticeOutbox notices, Households households) {
        this.settings = settings;
        this.moves = moves;
        this.gateway = gateway;
        this.transactions = transactions;
        this.clock = clock;
        this.local = local;
        this.register = register;
        this.notices = notices;
        this.households = households;
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
        if (move.cardBased()) {
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
                        + ": the move-out cannot be cancelled (its 転入通知 completes the removal here)");
            }
        }
        return transactions.execute(status -> {
            Instant now = clock.instant();
            // the record first, then the move: the order every registration locks them in
            register.findForUpdate(move.residentCode());
            OutgoingMove locked = moves.outgoingForUpdate(moveId).orElseThrow();
            if (locked.state() == OutgoingMove.State.PENDING) {
                moves.endMoveOut(moveId, OutgoingMove.State.CANCELLED, null, null, now);
                restore(locked, now);
                // the person left their household at the 転出届; the 転出取消 brings them back
                households.restoreAfterCancelledMoveOut(move.residentCode(), LocalDate.now(clock), now);
            }
            return moves.outgoing(moveId).orElseThrow().view();
        });
    }

    /** The record removed by the move-out's 転出届, in force again, and its notice up the chain. */
    private void restore(OutgoingMove move, Instant now) {
        IdentityInformation removed = register.findForUpdate(move.residentCode())
                .filter(found -> found.municipality().equals(settings.municipality()) && !found.active()
                        && found.change().reason() == ChangeReason.MOVE_OUT)
                .orElseThrow(() -> new IllegalStateException("a pending move-out without its removal: " + move));
        LocalDate today = LocalDate.now(clock);
        IdentityInformation restored = new IdentityInformation(removed.residentCode(), removed.myNumber(),
                removed.name(), removed.dateOfBirth(), removed.sex(), removed.address(), removed.municipality(),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_OUT_CANCELLATION, today, today),
                removed.residence());
        RecordedChange change = new RecordedChange(UUID.randomUUID(), local, null, now, restored, null, null);
        register.record(List.of(change));
        notices.append(change);
    }
}
