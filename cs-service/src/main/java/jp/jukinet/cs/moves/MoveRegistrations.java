package jp.jukinet.cs.moves;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.household.Households;
import jp.jukinet.cs.protection.DvProtections;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.model.move.MoveInNotification;
import jp.jukinet.model.move.MoveOutCertificate;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.peer.PeerOutbox;
import jp.jukinet.service.web.Refusal;

/**
 * The move side of the clerks' 届出, each run inside the registration's transaction so that the
 * register, the notice to the prefecture, the move's state and the message to the other CS are
 * committed together or not at all:
 * <ul>
 *   <li>{@link #moveOut} (転出届 at A): records the planned move and puts the 転出証明書情報 in the
 *       outbox to B; A's record stays in force until B's 転入通知 comes;</li>
 *   <li>{@link #moveIn} (転入届 at B): uses the 転出証明書情報 to register the person with the same
 *       resident code and My Number, takes over the DV support measures, and puts the 転入通知 in
 *       the outbox to A;</li>
 *   <li>{@link #beforeChange}: while a move-out is pending the record at A takes no other change
 *       (B builds its record from the certificate), except a death, which withdraws the move.</li>
 * </ul>
 */
@Component
public class MoveRegistrations {

    private final CsSettings settings;
    private final Moves moves;
    private final PeerOutbox peers;
    private final DvProtections protections;
    private final Clock clock;
    private final Households households;

    MoveRegistrations(CsSettings settings, Moves moves, PeerOutbox peers, DvProtections protections, Clock clock,
                      Households households) {
        this.households = households;
        this.settings = settings;
        this.moves = moves;
        this.peers = peers;
        this.protections = protections;
        this.clock = clock;
    }

    /**
     * A 転出届 to another municipality.
     *
     * @param before the person's record here, locked, in force
     */
    public OutgoingMove moveOut(IdentityInformation before, LocalGovernmentCode destination, Address newAddress,
                                LocalDate plannedDate, LocalDate notifiedDate, boolean cardBased,
                                OutgoingMove.Channel channel, Instant now) {
        moves.pendingMoveOut(before.residentCode()).ifPresent(pending -> {
            throw Refusal.conflict("residentCode", "a move-out (転出届) of this resident to " + pending.destination().value()
                    + " is already registered (move " + pending.moveId() + "); cancel it first");
        });
        DvProtection protection = protections.standing(before.residentCode(), LocalDate.now(clock)).orElse(null);
        OutgoingMove move = new OutgoingMove(UUID.randomUUID(), before.residentCode(), destination, plannedDate,
                notifiedDate, newAddress, cardBased, channel, OutgoingMove.State.PENDING, null, null, now);
        moves.recordMoveOut(move);
        peers.append(NodeId.cs(destination), UUID.randomUUID(), new MoveOutCertificate(move.moveId(),
                settings.municipality(), destination, before, plannedDate, notifiedDate, newAddress, cardBased,
                protection, households.item(before.residentCode()).orElse(null)));
        return move;
    }

    /** The person's record here after a 転入届, and the move it completed. */
    public record MovedIn(IdentityInformation identity, IncomingMove move) {
    }

    /**
     * A 転入届 on 転出証明書情報 received from the person's municipality.
     *
     * @param moveId        the move, when the clerk names it; otherwise the one certificate available
     *                      for the resident
     * @param newAddress    the address here, or {@code null} for the one given at the move-out
     * @param cardPresented whether the person presented their My Number card (required for a
     *                      card-based move, 転出届の特例)
     * @param changeId      the id the 転入 will be recorded under
     */
    public MovedIn moveIn(ResidentCode resident, UUID moveId, ChangeInformation change, Address newAddress,
                          boolean cardPresented, UUID changeId, Instant now) {
        IncomingMove move = available(resident, moveId);
        MoveOutCertificate certificate = move.certificate();
        if (certificate.cardBased() && !cardPresented) {
            throw Refusal.invalid("cardPresented", "this is a card-based move-out (転出届の特例): the person's My Number "
                    + "card must be presented (cardPresented: true)");
        }
        if (change.effectiveDate().isBefore(certificate.identity().dateOfBirth())) {
            throw Refusal.invalid("effectiveDate", "the day of the move must not be before the date of birth");
        }
        IdentityInformation after = certificate.identity().movedIn(settings.municipality(),
                newAddress != null ? newAddress : certificate.newAddress(), change);
        moves.completeMoveIn(move.moveId(), changeId, now);
        // the measures here are the ones the person brings: none stale from an earlier residence here
        if (certificate.dvProtection() != null && certificate.dvProtection().inForce(LocalDate.now(clock))) {
            protections.set(resident, certificate.dvProtection(), NodeId.cs(certificate.origin()).value(), now);
        } else {
            protections.lift(resident);
        }
        peers.append(NodeId.cs(certificate.origin()), UUID.randomUUID(), new MoveInNotification(move.moveId(),
                certificate.origin(), settings.municipality(), resident, change.effectiveDate(), change.notifiedDate()));
        return new MovedIn(after, new IncomingMove(move.moveId(), move.residentCode(), move.origin(), certificate,
                IncomingMove.State.COMPLETED, null, changeId, move.receivedAt()));
    }

    private IncomingMove available(ResidentCode resident, UUID moveId) {
        List<IncomingMove> all = moves.incomingForUpdate(resident).stream()
                .filter(move -> moveId == null || move.moveId().equals(moveId))
                .toList();
        List<IncomingMove> available = all.stream()
                .filter(move -> move.state() == IncomingMove.State.AVAILABLE && move.certificate() != null)
                .toList();
        if (available.size() == 1) {
            return available.get(0);
        }
        if (available.size() > 1) {
            throw Refusal.conflict("moveId", "several 転出証明書情報 for this resident are available here; name the moveId");
        }
        Optional<IncomingMove> latest = all.stream().findFirst();
        if (latest.isPresent() && latest.get().state() == IncomingMove.State.COMPLETED) {
            throw Refusal.conflict("residentCode", "the 転出証明書情報 of this move was already used: the move-in is "
                    + "registered (change " + latest.get().changeId() + ")");
        }
        if (latest.isPresent() && latest.get().state() == IncomingMove.State.WITHDRAWN) {
            throw Refusal.conflict("residentCode", "the municipality the person moves from withdrew its 転出証明書情報 ("
                    + (latest.get().reason() == MoveOutWithdrawal.Reason.DEATH ? "死亡" : "転出取消")
                    + "); no move-in can be registered on it");
        }
        throw Refusal.conflict("residentCode", "no 転出証明書情報 for this resident has reached " + settings.municipality().value()
                + ": the person must first notify the move-out (転出届) where they live; a person coming from abroad "
                + "is registered with MOVE_IN_FROM_ABROAD");
    }

    /**
     * Checks, in the transaction of another change to a resident's record here, how it bears on a
     * pending move-out: a death withdraws the move (and tells the destination); anything else is
     * refused while the move-out is pending.
     */
    public void beforeChange(IdentityInformation before, ChangeReason reason, Instant now) {
        Optional<OutgoingMove> pending = moves.pendingMoveOutForUpdate(before.residentCode());
        if (pending.isEmpty()) {
            return;
        }
        OutgoingMove move = pending.get();
        if (reason != ChangeReason.DEATH) {
            throw Refusal.conflict("residentCode", "a move-out (転出届) of this resident to " + move.destination().value()
                    + " is pending (move " + move.moveId() + "): cancel it first, or register this change at "
                    + move.destination().value() + " after the move-in");
        }
        moves.endMoveOut(move.moveId(), OutgoingMove.State.VOIDED, null, null, now);
        peers.append(NodeId.cs(move.destination()), UUID.randomUUID(), new MoveOutWithdrawal(move.moveId(),
                settings.municipality(), move.destination(), move.residentCode(), MoveOutWithdrawal.Reason.DEATH));
    }

    /** Whether a change of number may be asked for now (no move-out pending); checked before numbering. */
    public void requireNoPendingMoveOut(ResidentCode resident) {
        moves.pendingMoveOut(resident).ifPresent(move -> {
            throw Refusal.conflict("residentCode", "a move-out (転出届) of this resident to " + move.destination().value()
                    + " is pending (move " + move.moveId() + "): cancel it first");
        });
    }
}
