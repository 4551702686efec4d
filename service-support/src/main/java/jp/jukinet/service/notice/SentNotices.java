package jp.jukinet.service.notice;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;

/**
 * A receiver's answer to {@code GET /internal/v1/notices/sent}: what it holds of the caller's own
 * notice stream (issue #15, a sender restored from a backup). The sender compares it with its own
 * outbox at start and after a refused acknowledgement, and takes back what it sent after its
 * backup.
 *
 * @param source         the sender (always the caller)
 * @param epoch          the sender's epoch as the receiver knows it, {@code null} before its first batch with one
 * @param appliedThrough every notice of the source up to it is applied (or parked) at the receiver
 * @param lastChangeId   the change id of the notice at {@code appliedThrough}, {@code null} when none is
 *                       logged there (nothing applied yet, or applied before the log existed)
 * @param notices        the source's notices after the asked sequence, ascending, at most the asked limit,
 *                       as received
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SentNotices(NodeId source, UUID epoch, long appliedThrough, UUID lastChangeId,
                          List<ChangeNotice> notices) {

    public SentNotices {
        notices = notices == null ? List.of() : List.copyOf(notices);
    }
}
