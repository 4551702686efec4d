package jp.jukinet.provision.subscription.delivery;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link WebhookDeliveries#deliverDue()} on one thread of its own every poll interval, from
 * when the node is ready until it stops. One thread: rounds never overlap, so a subscription's
 * requests leave in sequence order. A round that delivered events is followed by the next at once:
 * under a steady stream of changes the poll interval would otherwise be added to every event's
 * way to its agency (measured in docs/benchmarks.md, "Push-type notification (#14)").
 */
public class WebhookDeliveryLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryLoop.class);

    private final WebhookDeliveries deliveries;
    private final DeliverySettings settings;
    private ScheduledExecutorService executor;

    public WebhookDeliveryLoop(WebhookDeliveries deliveries, DeliverySettings settings) {
        this.deliveries = deliveries;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            // again at once while there is traffic; wait for the next interval once a round finds none
            long acknowledged;
            do {
                acknowledged = deliveries.deliverDue();
            } while (acknowledged > 0 && !Thread.currentThread().isInterrupted());
        } catch (RuntimeException e) {
            // a failed round (the database away) is tried again at the next interval
            log.warn("Webhook delivery round failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
