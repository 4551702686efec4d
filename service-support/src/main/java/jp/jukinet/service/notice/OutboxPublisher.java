package jp.jukinet.service.notice;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sending half of every ordered stream (the notice chain, CS-to-CS messages): one worker
 * thread per node that runs {@link #publishOnce() rounds} of delivery from a transactional
 * outbox, at once when {@link #nudge() nudged} after a commit, otherwise every poll interval, and
 * backs off exponentially while a round fails. A failed round loses nothing: what was not
 * acknowledged is sent again, and the receiver ignores what it already has.
 */
public abstract class OutboxPublisher implements SmartLifecycle {

    /** The concrete publisher's logger, so an operator sees which stream failed. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    private final String name;
    private final String description;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Object signal = new Object();
    private boolean nudged;
    private volatile boolean running;
    private Thread worker;

    /**
     * @param name        the worker thread's name
     * @param description what is delivered to where, for the log (no personal data)
     */
    protected OutboxPublisher(String name, String description, Duration pollInterval, Duration initialBackoff,
                              Duration maxBackoff) {
        this.name = name;
        this.description = description;
        this.pollInterval = pollInterval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * One round of delivery.
     *
     * @return how many messages the receivers newly acknowledged (0 lets the worker wait for work)
     * @throws RuntimeException when the delivery failed; nothing is lost, the next round retries
     */
    public abstract int publishOnce();

    /** Wakes the publisher at once, e.g. after a commit that appended to the outbox. */
    public void nudge() {
        synchronized (signal) {
            nudged = true;
            signal.notifyAll();
        }
    }

    /**
     * Nudges the publisher (if the node has one) when the current transaction commits, or at once
     * outside a transaction: what was appended is then delivered without waiting for the next poll.
     */
    public static void nudgeAfterCommit(ObjectProvider<? extends OutboxPublisher> publisher) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publisher.ifAvailable(OutboxPublisher::nudge);
                }
            });
        } else {
            publisher.ifAvailable(OutboxPublisher::nudge);
        }
    }

    private void runLoop() {
        Duration backoff = initialBackoff;
        while (running) {
            try {
                int acknowledged = publishOnce();
                backoff = initialBackoff;
                if (acknowledged == 0) {
                    await(pollInterval);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("{} failed ({}); retrying in {}", description, e.getClass().getSimpleName(), backoff);
                await(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void await(Duration timeout) {
        synchronized (signal) {
            if (!nudged && running) {
                try {
                    signal.wait(Math.max(1, timeout.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            nudged = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::runLoop, name);
        worker.setDaemon(true);
        worker.start();
        log.info("Started {}", description);
    }

    @Override
    public synchronized void stop() {
        running = false;
        nudge();
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
