package jp.jukinet.model.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jp.jukinet.model.InvalidValueException;

/**
 * The body of one signed webhook request: consecutive events of one subscription, or a heartbeat
 * (no events) that says the channel is alive and how far the feed reaches.
 *
 * @param subscriptionId the subscription
 * @param head           the last sequence number written to the feed when this was sent; a receiver
 *                       behind it catches up by pull ({@code GET …/events?after=N})
 * @param events         consecutive events in sequence order; empty for a heartbeat
 * @param sentAt         when the national server sent this request
 */
public record WebhookDelivery(UUID subscriptionId, long head, List<SubscriptionEvent> events, Instant sentAt) {

    /** @throws InvalidValueException naming the field when the events are not consecutive */
    public WebhookDelivery {
        if (subscriptionId == null) {
            throw new InvalidValueException("subscriptionId", "subscriptionId is required");
        }
        events = events == null ? List.of() : List.copyOf(events);
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).sequence() != events.get(i - 1).sequence() + 1) {
                throw new InvalidValueException("events", "events must be consecutive in sequence order");
            }
        }
        if (!events.isEmpty() && events.get(events.size() - 1).sequence() > head) {
            throw new InvalidValueException("head", "head is before the last event sent");
        }
    }

    /** Whether this is a heartbeat. */
    public boolean heartbeat() {
        return events.isEmpty();
    }
}
