package jp.jukinet.service.notice;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;

/**
 * The receiving end of the notice chain: {@code POST /internal/v1/notices}, and
 * {@code GET /internal/v1/notices/sent}, by which a sender takes back its own notices.
 */
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

    /** Most notices in one answer of {@link #sent}. */
    static final int MAX_SENT = 2000;

    @Operation(summary = "What this node holds of the caller's own notice stream",
            description = "For a sender restored from a backup (issue #15): the caller's epoch as known here, how far "
                    + "its notices are applied, the change id at that point, and its notices after `after` as they "
                    + "were received, ascending, at most `limit` (1-2000). Only the caller's own (source = the caller "
                    + "the gateway verified; 403 otherwise): these are the caller's own changes, which it takes back.")
    @GetMapping(RestNoticeSender.SENT_PATH)
    SentNotices sent(@RequestParam String source, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "2000") int limit,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller) {
        if (!caller.equals(source)) {
            // a node takes back its own notices only: another's are its residents' identity information
            throw Refusal.forbidden("source", caller + " may not read the notices of " + source);
        }
        if (after < 0) {
            throw Refusal.invalid("after", "must be 0 or higher");
        }
        if (limit < 1 || limit > MAX_SENT) {
            throw Refusal.invalid("limit", "must be 1-" + MAX_SENT);
        }
        return inbox.sent(NodeId.of(source), after, limit);
    }
}
