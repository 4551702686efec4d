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
import jp.jukinet.model.move.PaperMoveOutCertificate;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.peer.PeerOutbox;
import jp.jukinet.service.web.Refusal;

/**
 * The move side of the clerks' 届出, each run inside the registration's transaction so that the
 * register, the notice to the prefecture, the move's state and the message to the other CS are
 * committed together or not at all:
 * <ul>
 *   <li>{@link #moveOut} (転出届 at A): records the planned move; the registration removes (消除)
 *       the record in the same transaction. Only the card-based kind (特例転出 / 付記転出届, 第24条の2)
 *       puts the 転出証明書情報 in the outbox to B; an ordinary 転出届 gives the person a paper
 *       転出証明書 ({@link MoveOutCertificates});</li>
 *   <li>{@link #moveIn} (転入届 at B on 転出証明書情報 received) and {@link #moveInOnPaper} (on a paper
 *       転出証明書 checked against J-LIS, {@link MoveOutVerifier}): register the person with the same
 *       resident code and My Number, and put the 転入通知 in the outbox to A;</li>
 *   <li>{@link #beforeChange}: while a move-out is pending the removed record at A takes no other
 *       change (B builds its record from the certificate), except a death, which voids the move.</li>
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
     * A 転出届 to another municipality. The caller removes the record in the same transaction.
     *
     * @param before    the person's record here, locked, in force (before the removal)
     * @param cardBased the card-based kind (特例転出 / 付記転出届): the 転出証明書情報 goes to the
     *                  destination now; otherwise nothing is sent and the person carries the paper
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
        if (cardBased) {
            peers.append(NodeId.cs(destination), UUID.randomUUID(), new MoveOutCertificate(move.moveId(),
                    settings.municipality(), destination, before, plannedDate, notifiedDate, newAddress, cardBased,
                    protection, households.item(before.residentCode()).orElse(null)));
        }
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
     *                      card-based move, 転入届の特例)
     * @param changeId      the id the 転入 will be recorded under
     */
    public MovedIn moveIn(ResidentCode resident, UUID moveId, ChangeInformation change, Address newAddress,
                          boolean cardPresented, UUID changeId, Instant now) {
        IncomingMove move = available(resident, moveId);
        MoveOutCertificate certificate = move.certificate();
        if (certificate.cardBased() && !cardPresented) {
            throw Refusal.invalid("cardPresented", "this is a card-based move-out (特例転出): the person's My Number "
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

    /**
     * A 転入届 on a paper 転出証明書 whose items match J-LIS's record of the person's removal.
     *
     * @param paper      the paper's contents, as the clerk entered them
     * @param removal    J-LIS's record of the person, removed by 転出 at the paper's origin, naming this
     *                   municipality as destination
     * @param newAddress the address here, or {@code null} for the one on the paper
     */
    public MovedIn moveInOnPaper(PaperMoveOutCertificate paper, IdentityInformation removal, ChangeInformation change,
                                 Address newAddress, UUID changeId, Instant now) {
        if (change.effectiveDate().isBefore(removal.dateOfBirth())) {
            throw Refusal.invalid("effectiveDate", "the day of the move must not be before the date of birth");
        }
        if (!moves.recordPaperMoveIn(paper, changeId, now)) {
            throw Refusal.conflict(PaperMoveOutCertificate.FIELD + ".moveId", "this 転出証明書 was already used: the "
                    + "move-in on it is registered");
        }
        IdentityInformation after = removal.movedIn(settings.municipality(),
                newAddress != null ? newAddress : paper.newAddress(), change);
        // DV support measures do not travel on paper: they are asked for again here
        protections.lift(removal.residentCode());
        peers.append(NodeId.cs(paper.origin()), UUID.randomUUID(), new MoveInNotification(paper.moveId(),
                paper.origin(), settings.municipality(), removal.residentCode(), change.effectiveDate(),
                change.notifiedDate()));
        return new MovedIn(after, new IncomingMove(paper.moveId(), removal.residentCode(), paper.origin(), null,
                IncomingMove.State.COMPLETED, null, changeId, now));
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
     * pending move-out: a death voids the move (and withdraws the 転出証明書情報 at the destination
     * of a card-based one); anything else is refused while the move-out is pending.
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
        if (move.cardBased()) {
            peers.append(NodeId.cs(move.destination()), UUID.randomUUID(), new MoveOutWithdrawal(move.moveId(),
                    settings.municipality(), move.destination(), move.residentCode(), MoveOutWithdrawal.Reason.DEATH));
        }
    }

    /** Whether a move-out of the resident is pending: the record here is then removed by its 転出届. */
    public boolean moveOutPending(ResidentCode resident) {
        return moves.pendingMoveOut(resident).isPresent();
    }
}
