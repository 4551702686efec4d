package jp.jukinet.provision.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The loop runs the next round at once after a round that delivered events, and waits for the
 * poll interval only once a round delivers nothing: under a steady stream of changes the interval
 * is not added to every event's way (docs/benchmarks.md, "Push-type notification (#14)").
 */
class WebhookDeliveryLoopTest {

    @Test
    void aRoundThatDeliveredIsFollowedAtOnceAndAnIdleOneWaitsForTheInterval() {
        AtomicInteger rounds = new AtomicInteger();
        // three rounds with traffic, then none: 3, 2, 1, 0, 0, …
        WebhookDeliveries deliveries = new WebhookDeliveries(null, null, null, null, settings(Duration.ofSeconds(1)),
                null, Clock.systemUTC(), ZoneId.of("Asia/Tokyo"), new SimpleMeterRegistry()) {
            @Override
            public long deliverDue() {
                return Math.max(0, 3 - rounds.getAndIncrement());
            }
        };
        WebhookDeliveryLoop loop = new WebhookDeliveryLoop(deliveries, settings(Duration.ofSeconds(1)));
        long started = System.nanoTime();
        loop.start();
        try {
            // one interval until the first round, then four rounds back to back; one round per
            // interval would take four intervals
            await().atMost(Duration.ofMillis(2_500)).until(() -> rounds.get() >= 4);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
            // the idle round was followed by a wait, not by another round at once
            assertThat(rounds.get()).isEqualTo(4);
        } finally {
            loop.stop();
        }
    }

    private static DeliverySettings settings(Duration pollInterval) {
        return new DeliverySettings(true, null, null, "national-1", null, null, pollInterval, 500, 20,
                Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofMinutes(5),
                Duration.ofMinutes(5), 4);
    }
}
