package jp.jukinet.provision.subscription;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link SubscriptionExtracts#runDue()} on one thread of its own every interval, from when the
 * national server is ready until it stops ({@code jukinet.subscription.extracts.scheduled}, on by
 * default). One thread: runs never overlap in this process; the row locks and the months' table
 * keep a second process (or a test running it by hand) from writing anything twice.
 */
public class SubscriptionExtractJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionExtractJob.class);

    private final SubscriptionExtracts extracts;
    private final ExtractSettings settings;
    private ScheduledExecutorService executor;

    public SubscriptionExtractJob(SubscriptionExtracts extracts, ExtractSettings settings) {
        this.extracts = extracts;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "subscription-extracts");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            SubscriptionExtracts.Run run = extracts.runDue();
            if (run.months() + run.batches() > 0) {
                log.info("Subscription extracts: {} milestone months and {} as-of batches, {} events",
                        run.months(), run.batches(), run.events());
            }
        } catch (RuntimeException e) {
            // the database away: everything due stays due for the next run
            log.warn("Subscription extract run failed: {}", e.getClass().getSimpleName());
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
