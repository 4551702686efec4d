package jp.jukinet.provision.subscription.delivery;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jp.jukinet.provision.subscription.EventFeed.Subscriber;

/**
 * How a subscription's webhook fares, as its agency reads it
 * ({@code GET /api/v1/national/subscriptions/{id}/delivery}).
 *
 * @param head             the last sequence written to the feed
 * @param deliveredThrough the last sequence the endpoint acknowledged
 * @param parkedSince      when the channel was parked; {@code null} while it is not
 * @param lastProblem      why the last attempt failed (a status, or the gateway's refusal of an
 *                         endpoint its policy does not list); {@code null} after a success
 */
public record DeliveryStatus(UUID subscriptionId, URI endpoint, long head, long deliveredThrough, boolean parked,
                             Instant parkedSince, int consecutiveFailures, Instant nextAttempt, Instant lastSuccess,
                             Instant lastHeartbeat, String lastProblem) {

    static DeliveryStatus of(Subscriber subscriber, DeliveryState state, long head) {
        if (state == null) {
            return new DeliveryStatus(subscriber.subscriptionId(), subscriber.endpoint(), head, 0, false, null, 0, null,
                    null, null, null);
        }
        return new DeliveryStatus(subscriber.subscriptionId(), subscriber.endpoint(), head, state.deliveredThrough(),
                state.parked(), state.parkedSince(), state.consecutiveFailures(), state.nextAttempt(), state.lastSuccess(),
                state.lastHeartbeat(), state.lastProblem());
    }
}
