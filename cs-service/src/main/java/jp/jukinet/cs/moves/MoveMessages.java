package jp.jukinet.cs.moves;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.protection.DvProtections;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.DvProtectionUpdate;
import jp.jukinet.model.move.MoveInNotification;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.move.MoveOutCertificate;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.move.WithdrawalAnswer;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerMessage;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;

/**
 * Applies the move messages other CSs send this one, inside the inbox's transaction, each exactly
 * once and in its sender's order. A message that matches nothing here, or comes after the move
 * ended otherwise, changes nothing: it is kept as an anomaly for the clerks, and the stream goes on.
 */
@Component
class MoveMessages {

    private static final Logger log = LoggerFactory.getLogger(MoveMessages.class);

    static final String UNKNOWN_MOVE = "MOVE_IN_NOTIFICATION_FOR_UNKNOWN_MOVE";
    static final String MOVE_IN_AFTER_WITHDRAWAL = "MOVE_IN_NOTIFICATION_AFTER_WITHDRAWAL";
    static final String RECORD_NOT_IN_FORCE = "MOVE_IN_NOTIFICATION_FOR_RECORD_NOT_IN_FORCE";
    static final String WITHDRAWAL_AFTER_MOVE_IN = "WITHDRAWAL_AFTER_MOVE_IN";
    static final String MISADDRESSED = "MISADDRESSED_MESSAGE";
    static final String MOVE_OF_ANOTHER = "MESSAGE_ABOUT_ANOTHER_ORIGIN_OR_PERSON";

    private final CsSettings settings;
    private final NodeId local;
    private final Moves moves;
    private final ResidentRegister register;
    private final NoticeOutbox notices;
    private final DvProtections protections;
    private final Clock clock;

    MoveMessages(CsSettings settings, NodeId local, Moves moves, ResidentRegister register, NoticeOutbox notices,
                 DvProtections protections, Clock clock) {
        this.settings = settings;
        this.local = local;
        this.moves = moves;
        this.register = register;
        this.notices = notices;
        this.protections = protections;
        this.clock = clock;
    }

    void apply(NodeId source, List<PeerMessage<MoveMessage>> inOrder) {
        Instant now = clock.instant();
        for (PeerMessage<MoveMessage> envelope : inOrder) {
            MoveMessage message = envelope.message();
            if (!NodeId.cs(message.sender()).equals(source) || !message.recipient().equals(settings.municipality())) {
                // the gateway verified the source; a message claiming another sender or recipient is not applied
                anomaly(message, MISADDRESSED, now);
                continue;
            }
            if (message instanceof MoveOutCertificate certificate) {
                if (!moves.receiveCertificate(certificate, now)) {
                    anomaly(certificate, MOVE_OF_ANOTHER, now);
                }
            } else if (message instanceof MoveInNotification notification) {
                moveInAtDestination(notification, now);
            } else if (message instanceof MoveOutWithdrawal withdrawal) {
                withdraw(withdrawal, now);
            } else if (message instanceof DvProtectionUpdate update) {
                updateProtection(update, now);
            }
        }
    }

    /**
     * The destination's 転入通知: the move completed there, so the removed record here (除票, removed
     * at the 転出届 with the planned date) is completed with the day of the move: one more change of
     * the removed record (still 転出, effective the day moved, naming the destination) that goes up
     * the notice chain. Applied once: the move is then COMPLETED.
     */
    private void moveInAtDestination(MoveInNotification notification, Instant now) {
        Optional<OutgoingMove> found = moves.outgoingForUpdate(notification.moveId())
                .filter(move -> move.residentCode().equals(notification.residentCode())
                        && move.destination().equals(notification.destination()));
        if (found.isEmpty()) {
            // the move id of an ordinary move travelled on paper, which J-LIS's check does not cover: the
            // person's pending ordinary move-out to the sender is the one it completes
            found = moves.pendingMoveOutForUpdate(notification.residentCode())
                    .filter(move -> !move.cardBased() && move.destination().equals(notification.destination()));
        }
        if (found.isEmpty()) {
            anomaly(notification, UNKNOWN_MOVE, now);
            return;
        }
        OutgoingMove move = found.get();
        switch (move.state()) {
            case COMPLETED -> { }
            case CANCELLED, VOIDED -> anomaly(notification, MOVE_IN_AFTER_WITHDRAWAL, now);
            case PENDING -> {
                Optional<IdentityInformation> before = register.findForUpdate(move.residentCode())
                        .filter(found1 -> found1.municipality().equals(settings.municipality()) && !found1.active()
                                && found1.change().reason() == ChangeReason.MOVE_OUT);
                if (before.isEmpty()) {
                    anomaly(notification, RECORD_NOT_IN_FORCE, now);
                    return;
                }
                IdentityInformation current = before.get();
                IdentityInformation removed = current.movedOut(move.destination(),
                        new ChangeInformation(ChangeReason.MOVE_OUT, notification.movedOn(), move.notifiedDate()));
                RecordedChange change = new RecordedChange(UUID.randomUUID(), local, null, now, removed, null, null);
                register.record(List.of(change));
                notices.append(change);
                moves.endMoveOut(move.moveId(), OutgoingMove.State.COMPLETED, notification.movedOn(), change.changeId(),
                        now);
            }
        }
    }

    /**
     * A withdrawal of 転出証明書情報, from the outbox (a death at the origin) or at once (a
     * cancellation, see {@link MoveMessagesController}).
     *
     * @return what became of it, or {@code null} when the move it names is another origin's or
     *         another person's (nothing changed; kept as an anomaly)
     */
    WithdrawalAnswer.Outcome withdraw(MoveOutWithdrawal withdrawal, Instant now) {
        Optional<IncomingMove> move = moves.incomingForUpdate(withdrawal.moveId());
        if (move.isPresent() && !move.get().isOf(withdrawal.origin(), withdrawal.residentCode())) {
            // only the municipality the person moves from withdraws its own move, of that person
            anomaly(withdrawal, MOVE_OF_ANOTHER, now);
            return null;
        }
        if (move.isPresent() && move.get().state() == IncomingMove.State.COMPLETED) {
            if (withdrawal.reason() == MoveOutWithdrawal.Reason.DEATH) {
                anomaly(withdrawal, WITHDRAWAL_AFTER_MOVE_IN, now);
            }
            return WithdrawalAnswer.Outcome.ALREADY_MOVED_IN;
        }
        moves.withdrawMoveIn(withdrawal, now);
        return WithdrawalAnswer.Outcome.WITHDRAWN;
    }

    /**
     * DV support measures changed at the origin while its move is pending or after it: applied to the
     * move the message names and to that move's person only, and only when the sender is that move's
     * origin — never to whatever resident code the message carries.
     */
    private void updateProtection(DvProtectionUpdate update, Instant now) {
        Optional<IncomingMove> found = moves.incomingForUpdate(update.moveId());
        if (found.isEmpty() || found.get().certificate() == null) {
            return;
        }
        IncomingMove move = found.get();
        if (!move.isOf(update.origin(), update.residentCode())) {
            anomaly(update, MOVE_OF_ANOTHER, now);
            return;
        }
        switch (move.state()) {
            case AVAILABLE -> {
                MoveOutCertificate c = move.certificate();
                moves.replaceCertificate(new MoveOutCertificate(c.moveId(), c.origin(), c.destination(), c.identity(),
                        c.plannedDate(), c.notifiedDate(), c.newAddress(), c.cardBased(), update.dvProtection(),
                        c.household()), now);
            }
            case COMPLETED -> {
                // the person moved in here; their code may have changed since, so act on the record of the move's person
                ResidentCode person = register.find(move.residentCode()).map(IdentityInformation::residentCode)
                        .orElse(move.residentCode());
                if (update.dvProtection() != null && update.dvProtection().inForce(LocalDate.now(clock))) {
                    protections.set(person, update.dvProtection(), NodeId.cs(update.origin()).value(), now);
                } else {
                    protections.lift(person);
                }
            }
            case WITHDRAWN -> { }
        }
    }

    private void anomaly(MoveMessage message, String kind, Instant now) {
        log.warn("Move message {} from {} needs a clerk's attention: {}", message.moveId(),
                message.sender().value(), kind);
        moves.recordAnomaly(message.moveId(), message.residentCode(),
                message.sender().equals(settings.municipality()) ? message.recipient() : message.sender(), kind, now);
    }
}
