package jp.jukinet.cs.protection;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.cs.moves.Moves;
import jp.jukinet.cs.moves.OutgoingMove;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.model.move.DvProtectionUpdate;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.peer.PeerOutbox;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * A clerk of the person's municipality sets, reads and lifts DV support measures. When a move-out
 * of the person is pending, the change follows the 転出証明書情報 to the destination, in order after it.
 * That the measures travel over the network goes beyond today's practice (the seed treats it as a
 * proposal needing legal work); the API description says so.
 */
@RestController
@RequestMapping("/api/v1/municipalities/{lg}/residents/{residentCode}/dv-protection")
class DvProtectionController {

    private final CsSettings settings;
    private final ResidentRegister register;
    private final DvProtections protections;
    private final Moves moves;
    private final PeerOutbox peers;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DvProtectionController(CsSettings settings, ResidentRegister register, DvProtections protections, Moves moves,
                           PeerOutbox peers, TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
        this.register = register;
        this.protections = protections;
        this.moves = moves;
        this.peers = peers;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Operation(summary = "Set DV support measures (DV等支援措置) for a resident",
            description = "{restrictedRequesters: [resident codes of the named 加害者], endDate}. While they stand, a "
                    + "wide-area copy is refused to anyone but the person and the attempt is recorded. They travel "
                    + "with a move. Replaces measures already set. PROPOSAL BEYOND TODAY'S PRACTICE: that the measures "
                    + "travel over the network with a move (to the destination CS) is not done today; the seed treats "
                    + "it as a proposal needing legal work, and this network models it as such.")
    @PutMapping
    DvProtection set(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("residentCode") ResidentCode residentCode,
                     @RequestBody DvProtection protection,
                     @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        requireThisMunicipality(lg);
        if (protection == null) {
            throw Refusal.invalid("body", "the measures are required: {restrictedRequesters, endDate}");
        }
        if (protection.endDate().isBefore(LocalDate.now(clock))) {
            throw Refusal.invalid("endDate", "the end date must not be in the past");
        }
        if (protection.names(residentCode)) {
            throw Refusal.invalid("restrictedRequesters", "the person cannot be restricted from their own record");
        }
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            IdentityInformation resident = residentInForce(residentCode);
            protections.set(resident.residentCode(), protection, caller, now);
            followPendingMove(resident.residentCode(), protection);
        });
        return protection;
    }

    @Operation(summary = "The DV support measures recorded for a resident", description = "404 when none.")
    @GetMapping
    DvProtection get(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("residentCode") ResidentCode residentCode) {
        requireThisMunicipality(lg);
        ResidentCode current = register.find(residentCode)
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(this::notResidentHere).residentCode();
        return protections.find(current).orElseThrow(() -> Refusal.notFound("residentCode",
                "no DV support measures are recorded for this resident"));
    }

    @Operation(summary = "Lift a resident's DV support measures", description = "204; 404 when none were set.")
    @DeleteMapping
    ResponseEntity<Void> lift(@PathVariable("lg") LocalGovernmentCode lg,
                              @PathVariable("residentCode") ResidentCode residentCode) {
        requireThisMunicipality(lg);
        boolean lifted = Boolean.TRUE.equals(transactions.execute(status -> {
            IdentityInformation resident = residentInForce(residentCode);
            if (!protections.lift(resident.residentCode())) {
                return false;
            }
            followPendingMove(resident.residentCode(), null);
            return true;
        }));
        if (!lifted) {
            throw Refusal.notFound("residentCode", "no DV support measures are recorded for this resident");
        }
        return ResponseEntity.noContent().build();
    }

    private IdentityInformation residentInForce(ResidentCode code) {
        IdentityInformation resident = register.find(code)
                .filter(found -> found.municipality().equals(settings.municipality()))
                .orElseThrow(this::notResidentHere);
        // lock the record, so the measures and a concurrent move-out are ordered
        resident = register.findForUpdate(resident.residentCode()).orElseThrow(this::notResidentHere);
        // the record removed by a pending 転出届 still takes measures: they follow the person to the destination
        if (!resident.active() && moves.pendingMoveOut(resident.residentCode()).isEmpty()) {
            throw Refusal.conflict("residentCode", "the resident's record is removed (消除); measures follow the "
                    + "person to where they live now");
        }
        return resident;
    }

    private void followPendingMove(ResidentCode resident, DvProtection protection) {
        // only the card-based kind sent the destination 転出証明書情報; a paper carries no measures
        moves.pendingMoveOut(resident).filter(OutgoingMove::cardBased).ifPresent(move -> peers.append(NodeId.cs(move.destination()), UUID.randomUUID(),
                new DvProtectionUpdate(move.moveId(), settings.municipality(), move.destination(), resident, protection)));
    }

    private Refusal notResidentHere() {
        return Refusal.notFound("residentCode", "no resident with this resident code is registered at "
                + settings.municipality().value());
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
