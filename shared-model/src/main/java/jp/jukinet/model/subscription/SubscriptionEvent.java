package jp.jukinet.model.subscription;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.provision.LookupResult;

/**
 * One event of a subscription's feed. Sequence numbers start at 1 and have no gaps, so a
 * receiver that has applied {@code n} applies exactly the event {@code n + 1} next and
 * recognises any other as a duplicate or a gap.
 *
 * @param sequence    the event's place in its subscription's feed, from 1
 * @param kind        why the event is in the feed
 * @param changeId    the national change that caused it; {@code null} for a milestone or as-of event
 * @param reason      the change reason (異動事由); {@code null} for a milestone or as-of event
 * @param changeDate  the day of the change (異動年月日), or of the milestone / the as-of date
 * @param recordedAt  when the national server recorded the event
 * @param information the person's identity information, only the fields the subscription's rule allows
 */
public record SubscriptionEvent(long sequence, EventKind kind, UUID changeId, ChangeReason reason,
                                LocalDate changeDate, Instant recordedAt, LookupResult information) {

    /** @throws InvalidValueException naming the field when the sequence is below 1 or a required part is missing */
    public SubscriptionEvent {
        if (sequence < 1) {
            throw new InvalidValueException("sequence", "sequence starts at 1");
        }
        if (kind == null) {
            throw new InvalidValueException("kind", "kind is required");
        }
        if ((kind == EventKind.CHANGE || kind == EventKind.SURVIVAL) && (changeId == null || reason == null)) {
            throw new InvalidValueException(changeId == null ? "changeId" : "reason",
                    "a " + kind + " event names the change that caused it");
        }
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (information == null) {
            throw new InvalidValueException("information", "information is required");
        }
    }

    /** Withholds the personal data. */
    @Override
    public String toString() {
        return "SubscriptionEvent[sequence=" + sequence + ", kind=" + kind + ", reason=" + reason + "]";
    }
}
