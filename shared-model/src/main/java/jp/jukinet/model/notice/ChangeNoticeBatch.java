package jp.jukinet.model.notice;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * Notices sent together by one source, in ascending sequence order. A batch need not be
 * contiguous: a retry resends only what was not acknowledged.
 *
 * @param source  the node whose notices these are; every notice names it as its source
 * @param notices at least one notice, strictly ascending by sequence; the list is immutable
 * @param epoch   the sender's epoch (issue #15): a random id of the sender's outbox state, the same
 *                for every batch of one stream; a receiver that knows another epoch for the source
 *                refuses the batch. Optional ({@code null}): senders before it did not send one, and
 *                a receiver before it ignores it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeNoticeBatch(NodeId source, List<ChangeNotice> notices, UUID epoch) {

    /** A batch without an epoch. */
    public ChangeNoticeBatch(NodeId source, List<ChangeNotice> notices) {
        this(source, notices, null);
    }

    /** @throws InvalidValueException when the contract above is broken */
    public ChangeNoticeBatch {
        if (source == null) {
            throw new InvalidValueException("source", "source is required");
        }
        if (notices == null || notices.isEmpty()) {
            throw new InvalidValueException("notices", "a batch holds at least one notice");
        }
        long previous = 0;
        for (int i = 0; i < notices.size(); i++) {
            ChangeNotice notice = notices.get(i);
            if (notice == null) {
                throw new InvalidValueException("notices[" + i + "]", "must not be null");
            }
            if (!notice.source().equals(source)) {
                throw new InvalidValueException("notices[" + i + "].source", "differs from the batch source");
            }
            if (notice.sequence() <= previous) {
                throw new InvalidValueException("notices[" + i + "].sequence",
                        "notices must be in strictly ascending sequence order");
            }
            previous = notice.sequence();
        }
        notices = List.copyOf(notices);
    }

    /** The highest sequence in the batch. */
    public long lastSequence() {
        return notices.get(notices.size() - 1).sequence();
    }
}
