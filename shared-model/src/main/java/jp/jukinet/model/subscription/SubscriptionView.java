package jp.jukinet.model.subscription;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subscription as its agency sees it.
 *
 * @param head the last sequence number written to its feed, 0 for an empty feed
 * @param targets the number of listed targets (0 for a criterion)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(UUID id, String basis, SubscriptionMode mode, Frequency frequency, Integer milestoneAge,
                               LocalDate asOf, TargetKind target, URI endpoint, SubscriptionStatus status, long head,
                               long targets, Instant createdAt, Instant updatedAt) {
}
