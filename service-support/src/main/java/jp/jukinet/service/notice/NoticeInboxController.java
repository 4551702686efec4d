package jp.jukinet.service.notice;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/** The receiving end of the notice chain: {@code POST /internal/v1/notices}. */
@RestController
class NoticeInboxController {

    private final NoticeInbox inbox;

    NoticeInboxController(NoticeInbox inbox) {
        this.inbox = inbox;
    }

    @Operation(summary = "Receive a batch of change notices from the tier below",
            description = "Only the caller's own notices (source = the caller the gateway verified), each about a "
                    + "record of a municipality the caller speaks for (403 otherwise, nothing applied). Idempotent by "
                    + "(source, sequence); applied in order per source; a notice about a person the sender does not "
                    + "own, as far as this node's register knows, is parked instead of applied (F10). The answer "
                    + "acknowledges every notice of the source up to upToSequence as committed.")
    @PostMapping(RestNoticeSender.PATH)
    Acknowledgement receive(@RequestBody ChangeNoticeBatch batch,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        if (!caller.equals(batch.source().value())) {
            // a node sends its own notices only; its identity comes from its verified certificate (through the gateway)
            throw Refusal.forbidden("source", caller + " may not send notices of " + batch.source());
        }
        return inbox.receive(batch);
    }
}
