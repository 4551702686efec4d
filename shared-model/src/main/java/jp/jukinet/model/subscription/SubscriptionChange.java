package jp.jukinet.model.subscription;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * A change of a subscription ({@code PATCH /api/v1/national/subscriptions/{id}}); an absent member
 * is left as it is. Cancelling is {@code DELETE}, not a change.
 *
 * @param endpoint       a new webhook endpoint (see {@link SubscriptionRequest#checkEndpoint})
 * @param removeEndpoint {@code true} to drop the endpoint (pull only from then on); not with {@code endpoint}
 * @param frequency      a new frequency, for a BATCHED subscription only
 * @param status         ACTIVE (resume) or PAUSED (pause); never CANCELLED
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubscriptionChange(URI endpoint, Boolean removeEndpoint, Frequency frequency, SubscriptionStatus status) {

    /** @throws InvalidValueException naming the field */
    public SubscriptionChange {
        SubscriptionRequest.checkEndpoint(endpoint);
        if (endpoint != null && Boolean.TRUE.equals(removeEndpoint)) {
            throw new InvalidValueException("removeEndpoint", "either a new endpoint or removeEndpoint, not both");
        }
        if (status == SubscriptionStatus.CANCELLED) {
            throw new InvalidValueException("status", "a subscription is cancelled by DELETE; status here is ACTIVE or PAUSED");
        }
    }
}
