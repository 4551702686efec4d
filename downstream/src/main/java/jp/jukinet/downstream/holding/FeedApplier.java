package jp.jukinet.downstream.holding;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.subscription.SubscriptionEvent;

/**
 * Applies a subscription's events to the {@link Holdings} strictly by sequence, whichever channel
 * brought them: each event exactly once, in the transaction that advances the position
 * ({@code feed_position.applied_through}) and records its channel ({@code applied_events}).
 * <ul>
 *   <li>an event at or below the position is a duplicate (a webhook sent again, a pull overlapping
 *       a webhook) and is ignored;</li>
 *   <li>an event after position + 1 is a gap: nothing from it on is applied, and the caller reads
 *       the feed by pull from the position ({@link Applied#gapAfter()}).</li>
 * </ul>
 * One lock per system orders the channels: the webhook verifies against the position and applies
 * under it ({@link #exclusively}), so a pull cannot move the position in between.
 */
public class FeedApplier {

    /** The channel an event came by. */
    public enum Channel { WEBHOOK, PULL }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Holdings holdings;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    public FeedApplier(JdbcClient jdbc, TransactionTemplate transactions, Holdings holdings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.holdings = holdings;
        this.clock = clock;
    }

    /** The subscription this system follows, once it has subscribed. */
    public Optional<UUID> subscription() {
        return jdbc.sql("SELECT subscription_id FROM feed_position").query(UUID.class).optional();
    }

    /** Remembers the subscription J-LIS created for this system; there is only ever one. */
    void subscribed(UUID subscription) {
        jdbc.sql("INSERT INTO feed_position (subscription_id) VALUES (?)").param(subscription).update();
    }

    /** The last sequence applied, 0 before the first. */
    public long appliedThrough() {
        return jdbc.sql("SELECT applied_through FROM feed_position").query(Long.class).optional().orElse(0L);
    }

    /** Runs {@code work} with no other application of events in between (the lock is reentrant). */
    public <T> T exclusively(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Applies {@code events} (in sequence order) as the contract above says. */
    public Applied apply(List<SubscriptionEvent> events, Channel channel) {
        return exclusively(() -> transactions.execute(tx -> {
            long through = jdbc.sql("SELECT applied_through FROM feed_position FOR UPDATE").query(Long.class).single();
            int applied = 0;
            int duplicates = 0;
            for (SubscriptionEvent event : events) {
                if (event.sequence() <= through) {
                    duplicates++;
                    continue;
                }
                if (event.sequence() != through + 1) {
                    advance(through);
                    return new Applied(applied, duplicates, through);
                }
                holdings.apply(event, clock.instant());
                jdbc.sql("INSERT INTO applied_events (sequence, channel) VALUES (?, ?)")
                        .params(event.sequence(), channel.name()).update();
                through = event.sequence();
                applied++;
            }
            advance(through);
            return new Applied(applied, duplicates, null);
        }));
    }

    private void advance(long through) {
        jdbc.sql("UPDATE feed_position SET applied_through = ?").param(through).update();
    }

    /**
     * What one application did.
     *
     * @param gapAfter when the events skipped ahead: the position they left off at; {@code null} otherwise
     */
    public record Applied(int applied, int duplicates, Long gapAfter) {
    }
}
