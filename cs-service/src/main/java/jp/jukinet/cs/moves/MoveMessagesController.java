package jp.jukinet.cs.moves;

import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.move.WithdrawalAnswer;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.service.peer.PeerInbox;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/** What other CSs send this one about moves, through the gateway (internal zone API). */
@RestController
@Tag(name = "moves (CS to CS)", description = "転出証明書情報, 転入通知 and withdrawals between CSs (flow F3)")
class MoveMessagesController {

    private final CsSettings settings;
    private final PeerInbox<MoveMessage> inbox;
    private final MoveMessages messages;
    private final TransactionTemplate transactions;
    private final java.time.Clock clock;

    MoveMessagesController(CsSettings settings, PeerInbox<MoveMessage> inbox, MoveMessages messages,
                           TransactionTemplate transactions, java.time.Clock clock) {
        this.settings = settings;
        this.inbox = inbox;
        this.messages = messages;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Operation(summary = "Receive a batch of move messages from another CS",
            description = "MOVE_OUT_CERTIFICATE (転出証明書情報), MOVE_IN_NOTIFICATION (転入通知), MOVE_OUT_WITHDRAWAL, "
                    + "DV_PROTECTION_UPDATE. Only from the CS the gateway verified as the batch's source; idempotent "
                    + "by (source, sequence), applied in order; the answer acknowledges every message of the source "
                    + "up to upToSequence as committed. PROPOSAL BEYOND TODAY'S PRACTICE: the DV support measures "
                    + "carried in the 転出証明書情報 and in DV_PROTECTION_UPDATE are not sent over Juki-Net today; the seed "
                    + "treats sending them as a proposal that needs legal work, and this network models that proposal.")
    @PostMapping("/internal/v1/municipalities/{lg}/messages")
    Acknowledgement receive(@PathVariable("lg") LocalGovernmentCode lg, @RequestBody PeerBatch<MoveMessage> batch,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        requireThisMunicipality(lg);
        return inbox.receive(batch, caller);
    }

    @Operation(summary = "Withdraw 転出証明書情報 at once (a cancelled move-out)",
            description = "Only the CS the person moves from, for its own move of that person (403 otherwise). WITHDRAWN: a 転入届 on it is refused from now on, also when "
                    + "the information arrives later; ALREADY_MOVED_IN: too late, the person has moved in here.")
    @PostMapping("/internal/v1/municipalities/{lg}/moves/{moveId}/withdrawal")
    WithdrawalAnswer withdraw(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("moveId") UUID moveId,
            @RequestBody MoveOutWithdrawal withdrawal,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        requireThisMunicipality(lg);
        if (!withdrawal.moveId().equals(moveId)) {
            throw Refusal.invalid("moveId", "the path and the body name different moves");
        }
        if (!withdrawal.destination().equals(settings.municipality())) {
            throw Refusal.invalid("destination", "this CS serves municipality " + settings.municipality().value());
        }
        if (!caller.equals("cs-" + withdrawal.origin().value())) {
            throw Refusal.forbidden("origin", caller + " may not withdraw a move-out of " + withdrawal.origin().value());
        }
        WithdrawalAnswer.Outcome outcome = transactions.execute(status -> messages.withdraw(withdrawal, clock.instant()));
        if (outcome == null) {
            throw Refusal.forbidden("moveId", "this move is not a move of that person out of " + withdrawal.origin().value());
        }
        return new WithdrawalAnswer(moveId, outcome);
    }

    private void requireThisMunicipality(LocalGovernmentCode lg) {
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
