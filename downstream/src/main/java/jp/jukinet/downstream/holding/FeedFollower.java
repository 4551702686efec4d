package jp.jukinet.downstream.holding;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import jp.jukinet.agency.NonceStore;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.JlisClient;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.TargetKind;

/**
 * Keeps a holder subscribed and caught up with J-LIS, whether or not webhooks arrive:
 * <ul>
 *   <li>on its first start it subscribes under its rule (every change, listed targets, its webhook
 *       endpoint) and remembers the subscription;</li>
 *   <li>at every start, and every {@code pull-interval} after, it reads its feed by pull from the
 *       position it applied, page by page to the head: a system that was down for a week catches up
 *       before anything else, and a webhook channel J-LIS parked loses nothing;</li>
 *   <li>on a gap in a webhook it reads by pull at once ({@link #catchUp()}).</li>
 * </ul>
 * A round that fails (J-LIS or the gateway away) is tried again at the next interval, sooner at first.
 */
public class FeedFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** The longest wait between attempts while J-LIS does not answer: doubled from {@link #RETRY} up to this. */
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Attempts failed since the last that succeeded, and when the first failed: the follower's thread's alone. */
    private int failures;
    private Instant failingSince;
    /** A forged request naming an unknown keyid must not make this system ask J-LIS for its keys on every request. */
    private static final Duration KEY_REFRESH = Duration.ofSeconds(30);

    private final DownstreamSettings settings;
    private final JlisClient jlis;
    private final FeedApplier applier;
    private final NonceStore nonces;
    private final Clock clock;
    private final AtomicReference<PublishedKeys> keys = new AtomicReference<>();
    private final AtomicReference<WebhookVerifier> verifier = new AtomicReference<>();
    private volatile Instant keysFetched = Instant.EPOCH;
    private volatile boolean caughtUp;
    private ScheduledExecutorService executor;

    public FeedFollower(DownstreamSettings settings, JlisClient jlis, FeedApplier applier, NonceStore nonces, Clock clock) {
        this.settings = settings;
        this.jlis = jlis;
        this.applier = applier;
        this.nonces = nonces;
        this.clock = clock;
    }

    /**
     * Starts before the web server ({@link #getPhase()}): the first round (subscribe, catch up by
     * pull) runs here, so a system that was down applies what it missed by pull before it takes a
     * webhook. If J-LIS cannot be reached it starts anyway and tries again in the background.
     */
    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "feed-follower");
            thread.setDaemon(true);
            return thread;
        });
        Duration next = attempt();
        executor.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Below the web server's start phase (Spring Boot's is {@code DEFAULT_PHASE - 2048}). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void round() {
        Duration next = attempt();
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            running.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One round; the wait before the next. */
    private Duration attempt() {
        try {
            ensureSubscribed();
            catchUp();
            caughtUp = true;
            recovered();
            return settings.pullInterval();
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /**
     * The wait after a failed attempt, doubling from {@link #RETRY} to {@link #MAX_RETRY} (never beyond the pull
     * interval); one WARN per outage, the later failures at DEBUG, and one INFO when J-LIS answers again.
     */
    /** After an attempt that succeeded: one INFO if it ends an outage. */
    void recovered() {
        if (failures > 0) {
            log.info("Following the feed at J-LIS again, after {} failed attempts since {}", failures, failingSince);
            failures = 0;
            failingSince = null;
        }
    }

    Duration failed(RuntimeException e) {
        if (failures++ == 0) {
            failingSince = clock.instant();
            log.warn("Could not follow the feed at J-LIS ({}); trying again with back-off up to {} s (logged again once "
                    + "it answers)", e.getMessage(), MAX_RETRY.toSeconds());
        } else {
            log.debug("Still cannot follow the feed at J-LIS (attempt {}): {}", failures, e.getMessage());
        }
        Duration wait = RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        if (wait.compareTo(MAX_RETRY) > 0) {
            wait = MAX_RETRY;
        }
        return wait.compareTo(settings.pullInterval()) < 0 ? wait : settings.pullInterval();
    }

    /** Subscribes at J-LIS unless this system has; the subscription. */
    synchronized UUID ensureSubscribed() {
        Optional<UUID> known = applier.subscription();
        if (known.isPresent()) {
            return known.get();
        }
        UUID created = jlis.subscribe(new SubscriptionRequest(settings.basis(), SubscriptionMode.EVERY_CHANGE, null, null,
                null, TargetKind.LISTED, settings.endpoint())).id();
        applier.subscribed(created);
        log.info("Subscribed at J-LIS under {}: subscription {}", settings.basis(), created);
        return created;
    }

    /** Reads the feed by pull from the applied position to the head, and applies it; the number of events applied. */
    public int catchUp() {
        UUID subscription = ensureSubscribed();
        int applied = 0;
        while (true) {
            List<SubscriptionEvent> events = jlis.events(subscription, applier.appliedThrough(), settings.pageSize());
            if (events.isEmpty()) {
                break;
            }
            applied += applier.apply(events, FeedApplier.Channel.PULL).applied();
            if (events.size() < settings.pageSize()) {
                break;
            }
        }
        if (applied > 0) {
            log.info("Caught up by pull: {} events applied, through {}", applied, applier.appliedThrough());
        }
        return applied;
    }

    /** Whether the first round (subscribe, catch up) has succeeded since start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The verifier of this system's webhooks; empty until it has subscribed. */
    Optional<WebhookVerifier> verifier() {
        WebhookVerifier known = verifier.get();
        if (known != null) {
            return Optional.of(known);
        }
        Optional<UUID> subscription = applier.subscription();
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        WebhookVerifier created = new WebhookVerifier(this::key, settings.endpoint(), subscription.get(), clock,
                settings.window(), nonces);
        verifier.compareAndSet(null, created);
        return Optional.of(verifier.get());
    }

    /** J-LIS's published key {@code keyId}, fetching the keys again (at most every 30 s) when it is not known. */
    private Optional<PublicKey> key(String keyId) {
        PublishedKeys known = keys.get();
        Optional<PublicKey> found = known == null ? Optional.empty() : known.find(keyId);
        if (found.isPresent()) {
            return found;
        }
        Instant now = clock.instant();
        if (known != null && keysFetched.plus(KEY_REFRESH).isAfter(now)) {
            return Optional.empty();
        }
        try {
            PublishedKeys fetched = jlis.keys();
            keys.set(fetched);
            keysFetched = now;
            return fetched.find(keyId);
        } catch (RuntimeException e) {
            log.warn("Could not read J-LIS's signing keys: {}", e.getMessage());
            return Optional.empty();
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
