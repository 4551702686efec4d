package jp.jukinet.provision.subscription;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.SubscriptionEvent;

/**
 * What delivery (webhook and pull) reads of the subscriptions: the seam between the feeds, which
 * the national change writes, and the channels that carry them to agencies.
 *
 * <p>Contract: {@link #after} returns events in sequence order with no gaps; a sequence once
 * returned never changes. {@link #recordDelivered} records each event as a provision (F7) in one
 * statement per call, before the caller hands the events over: nothing is provided that is not
 * recorded.
 */
public interface EventFeed {

    /**
     * A subscription as delivery sees it.
     *
     * @param endpoint  the agency's webhook endpoint, {@code null} for pull only
     * @param frequency for a batched subscription, how often the webhook carries the feed;
     *                  {@code null}: as soon as events are written
     * @param active    neither paused nor cancelled
     */
    record Subscriber(UUID subscriptionId, String recipient, String rule, URI endpoint, Frequency frequency,
                      boolean active) {
    }

    /** Active subscriptions with a webhook endpoint. */
    List<Subscriber> webhookSubscribers();

    /** The subscription, whatever its state. */
    Optional<Subscriber> subscriber(UUID subscriptionId);

    /** The last sequence number written to the subscription's feed, 0 for an empty feed. */
    long head(UUID subscriptionId);

    /** At most {@code limit} events after sequence {@code after}, in order. */
    List<SubscriptionEvent> after(UUID subscriptionId, long after, int limit);

    /** Records the events as provided to the subscription's recipient over {@code channel} (WEBHOOK or PULL). */
    void recordDelivered(UUID subscriptionId, List<SubscriptionEvent> events, String channel);
}
