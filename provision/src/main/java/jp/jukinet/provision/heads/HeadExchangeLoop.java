package jp.jukinet.provision.heads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exchanges heads every interval, the first soon after start, on one daemon thread. */
public class HeadExchangeLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeadExchangeLoop.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "provision-heads");
        thread.setDaemon(true);
        return thread;
    });

    public HeadExchangeLoop(HeadExchange exchange, Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                exchange.exchange();
            } catch (RuntimeException e) {
                log.warn("The exchange of provision chain heads failed; next in {}", interval, e);
            }
        }, Math.min(interval.toMillis(), 30_000), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
