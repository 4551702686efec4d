package jp.jukinet.provision.subscription.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * How far one subscription's webhook has carried its feed, and how its channel fares. Changed only
 * through its methods, which keep the invariants: {@code deliveredThrough ≤ recordedThrough}, a
 * parked channel is not attempted until resumed, and a success clears the failure count.
 */
@Entity
@Table(name = "webhook_delivery_state")
public class DeliveryState {

    @Id
    @Column(name = "subscription_id")
    private UUID subscriptionId;

    @Column(name = "delivered_through", nullable = false)
    private long deliveredThrough;

    @Column(name = "recorded_through", nullable = false)
    private long recordedThrough;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "failing_since")
    private Instant failingSince;

    @Column(name = "next_attempt", nullable = false)
    private Instant nextAttempt;

    @Column(name = "parked_since")
    private Instant parkedSince;

    @Column(name = "last_success")
    private Instant lastSuccess;

    @Column(name = "last_heartbeat")
    private Instant lastHeartbeat;

    @Column(name = "last_batch")
    private Instant lastBatch;

    @Column(name = "batch_through", nullable = false)
    private long batchThrough;

    @Column(name = "last_problem")
    private String lastProblem;

    @Version
    private Long version;

    protected DeliveryState() {
        // for JPA
    }

    /** A channel that has delivered nothing yet and is due at {@code now}. */
    static DeliveryState start(UUID subscriptionId, Instant now) {
        DeliveryState state = new DeliveryState();
        state.subscriptionId = subscriptionId;
        state.nextAttempt = now;
        // the channel counts as alive from its start: the first heartbeat is due an interval later
        state.lastHeartbeat = now;
        state.lastBatch = now;
        return state;
    }

    /** The events through {@code sequence} are recorded as provided (F7). */
    void recordedThrough(long sequence) {
        recordedThrough = Math.max(recordedThrough, sequence);
    }

    /** The agency answered 2xx for a request carrying events through {@code sequence} (or a heartbeat). */
    void succeeded(long sequence, Instant now) {
        if (sequence > recordedThrough) {
            throw new IllegalStateException("events are recorded before they are delivered");
        }
        deliveredThrough = Math.max(deliveredThrough, sequence);
        consecutiveFailures = 0;
        failingSince = null;
        lastProblem = null;
        lastSuccess = now;
        lastHeartbeat = now;
        nextAttempt = now;
    }

    /** A batched subscription's batch begins: it carries the feed through {@code head}. */
    void startBatch(long head, Instant now) {
        batchThrough = head;
        lastBatch = now;
    }

    /**
     * An attempt failed: the next is {@code backoff} later; after failing for {@code parkAfter} the
     * channel is parked.
     *
     * @return whether this failure parked the channel
     */
    boolean failed(String problem, Instant now, Duration backoff, Duration parkAfter) {
        consecutiveFailures++;
        if (failingSince == null) {
            failingSince = now;
        }
        lastProblem = problem;
        nextAttempt = now.plus(backoff);
        if (parkedSince == null && !failingSince.plus(parkAfter).isAfter(now)) {
            parkedSince = now;
            return true;
        }
        return false;
    }

    /** The agency resumes a parked channel: it is attempted at once, its failure count from zero. */
    void resume(Instant now) {
        parkedSince = null;
        consecutiveFailures = 0;
        failingSince = null;
        nextAttempt = now;
    }

    boolean due(Instant now) {
        return parkedSince == null && !nextAttempt.isAfter(now);
    }

    public UUID subscriptionId() {
        return subscriptionId;
    }

    public long deliveredThrough() {
        return deliveredThrough;
    }

    public long recordedThrough() {
        return recordedThrough;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant nextAttempt() {
        return nextAttempt;
    }

    public Instant parkedSince() {
        return parkedSince;
    }

    public boolean parked() {
        return parkedSince != null;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public Instant lastBatch() {
        return lastBatch;
    }

    public long batchThrough() {
        return batchThrough;
    }

    public String lastProblem() {
        return lastProblem;
    }
}
