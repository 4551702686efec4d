package jp.jukinet.provision.subscription.delivery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.provision.subscription.EventFeed;
import jp.jukinet.provision.subscription.EventFeed.Subscriber;
import jp.jukinet.service.web.Refusal;

/**
 * Webhook delivery (プッシュ型通知の送信) on the national server: carries each subscription's feed
 * to the agency's endpoint in signed requests, at least once and in sequence order.
 *
 * <p>Contract, per subscription with an endpoint:
 * <ul>
 *   <li>a request carries the events after the delivered-through sequence, at most
 *       {@code batchSize}; the sequence advances only when the agency answers 2xx, so an agency
 *       down for a while gets everything after it comes back, and a batch whose 2xx was lost is
 *       sent again (the agency recognises it by sequence);</li>
 *   <li>each event is recorded as a provision (F7, channel {@value #CHANNEL}) before it is first
 *       sent, in the same transaction that remembers it was recorded, and never again;</li>
 *   <li>a failure waits before the next attempt, exponentially longer up to a cap, with jitter so
 *       that channels that failed together do not retry together; a channel failing for
 *       {@code parkAfter} is parked and left alone until its agency resumes it;</li>
 *   <li>a channel with nothing to send gets a heartbeat (no events, the feed's head) every
 *       {@code heartbeatInterval};</li>
 *   <li>a batched subscription (日次・週次・月次) is sent what its feed gathered once per period,
 *       on the injected clock, in the settings' time zone.</li>
 * </ul>
 * One loop per national server calls {@link #deliverDue()}; it is not meant to run twice at once.
 */
public class WebhookDeliveries {

    /** The channel a webhook provision is recorded under. */
    public static final String CHANNEL = "WEBHOOK";

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final SecureRandom NONCES = new SecureRandom();

    private final EventFeed feed;
    private final DeliveryStates states;
    private final WebhookSender sender;
    private final SigningKey key;
    private final DeliverySettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ZoneId zone;
    private final Counter delivered;
    private final Counter failed;
    private final Counter parkings;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    /** The threads a round serves its subscriptions on; they end when idle, so an idle node keeps none. */
    private final java.util.concurrent.ThreadPoolExecutor workers;

    public WebhookDeliveries(EventFeed feed, DeliveryStates states, WebhookSender sender, SigningKey key,
                             DeliverySettings settings, TransactionTemplate transactions, Clock clock, ZoneId zone,
                             MeterRegistry meters) {
        this.feed = feed;
        this.states = states;
        this.sender = sender;
        this.key = key;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
        this.zone = zone;
        AtomicLong threads = new AtomicLong();
        this.workers = new java.util.concurrent.ThreadPoolExecutor(settings.concurrency(), settings.concurrency(),
                30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "webhook-delivery-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
        this.delivered = Counter.builder("jukinet.subscription.webhook.delivered")
                .description("Events an agency's endpoint acknowledged (2xx)").register(meters);
        this.failed = Counter.builder("jukinet.subscription.webhook.failed")
                .description("Webhook requests that got no 2xx").register(meters);
        this.parkings = Counter.builder("jukinet.subscription.webhook.parkings")
                .description("Channels parked after prolonged failure").register(meters);
        Gauge.builder("jukinet.subscription.webhook.lag", lag, AtomicLong::get)
                .description("Events written but not yet acknowledged, over all webhook subscriptions").register(meters);
        Gauge.builder("jukinet.subscription.webhook.parked", parked, AtomicLong::get)
                .description("Channels parked now, waiting for their agency to resume them").register(meters);
    }

    /**
     * One round: every active subscription with an endpoint that is due gets what it is due. Up to
     * {@code concurrency} subscriptions are served at once, each by one thread; the round returns
     * once every subscription's part is done, so a subscription is never served twice at once and
     * its requests leave in sequence order.
     *
     * @return the number of events agencies acknowledged in this round (0: nothing was sent but
     *         heartbeats, or every attempt failed)
     */
    public long deliverDue() {
        List<java.util.concurrent.Future<long[]>> parts = new java.util.ArrayList<>();
        for (Subscriber subscriber : feed.webhookSubscribers()) {
            parts.add(workers.submit(() -> deliverOne(subscriber)));
        }
        long acknowledged = 0;
        long lagNow = 0;
        long parkedNow = 0;
        try {
            for (java.util.concurrent.Future<long[]> part : parts) {
                long[] outcome = part.get();
                acknowledged += outcome[0];
                lagNow += outcome[1];
                parkedNow += outcome[2];
            }
        } catch (InterruptedException e) {
            // the node stops: the parts under way finish on their own; nothing more is started
            parts.forEach(part -> part.cancel(false));
            Thread.currentThread().interrupt();
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("webhook delivery failed", e.getCause());
        }
        lag.set(lagNow);
        parked.set(parkedNow);
        return acknowledged;
    }

    /** One subscription's part of a round: {events acknowledged, lag, parked (0 or 1)}. */
    private long[] deliverOne(Subscriber subscriber) {
        UUID id = subscriber.subscriptionId();
        try {
            DeliveryState start = states.findById(id).orElseGet(() -> states.save(DeliveryState.start(id, clock.instant())));
            long before = start.deliveredThrough();
            DeliveryState state = deliver(subscriber, start);
            return new long[] {Math.max(0, state.deliveredThrough() - before),
                    Math.max(0, feed.head(id) - state.deliveredThrough()), state.parked() ? 1 : 0};
        } catch (ObjectOptimisticLockingFailureException e) {
            // resumed while this round held the old state: the next round starts from the new one
            log.debug("Delivery state of {} changed meanwhile; next round", id);
        } catch (RuntimeException e) {
            // one subscription's trouble (its feed, a database hiccup) must not stop the others
            log.warn("Webhook delivery of subscription {} failed: {}", id, e.getClass().getSimpleName());
        }
        return new long[] {0, 0, 0};
    }

    private DeliveryState deliver(Subscriber subscriber, DeliveryState state) {
        UUID id = subscriber.subscriptionId();
        Instant now = clock.instant();
        if (!state.due(now)) {
            return state;
        }
        Frequency frequency = subscriber.frequency();
        if (frequency != null && state.deliveredThrough() >= state.batchThrough() && batchDue(state, frequency, now)) {
            state.startBatch(feed.head(id), now);
            state = states.save(state);
        }
        long through = frequency == null ? Long.MAX_VALUE : state.batchThrough();
        boolean sent = false;
        for (int round = 0; round < settings.batchesPerRound() && state.deliveredThrough() < through; round++) {
            int limit = (int) Math.min(settings.batchSize(), through - state.deliveredThrough());
            List<SubscriptionEvent> events = feed.after(id, state.deliveredThrough(), limit);
            if (events.isEmpty()) {
                break;
            }
            state = record(state, events);
            long last = events.get(events.size() - 1).sequence();
            WebhookSender.Answer answer = send(subscriber, new WebhookDelivery(id, Math.max(last, feed.head(id)), events, now));
            sent = true;
            if (!answer.success()) {
                return fail(state, answer, now);
            }
            state.succeeded(last, now);
            state = states.save(state);
            delivered.increment(events.size());
        }
        if (!sent && !state.lastHeartbeat().plus(settings.heartbeatInterval()).isAfter(now)) {
            WebhookSender.Answer answer = send(subscriber, new WebhookDelivery(id, feed.head(id), List.of(), now));
            if (!answer.success()) {
                return fail(state, answer, now);
            }
            state.succeeded(state.deliveredThrough(), now);
            state = states.save(state);
        }
        return state;
    }

    /** Records the events not recorded yet, and remembers that they are, in one transaction (F7). */
    private DeliveryState record(DeliveryState state, List<SubscriptionEvent> events) {
        List<SubscriptionEvent> unrecorded = events.stream().filter(e -> e.sequence() > state.recordedThrough()).toList();
        if (unrecorded.isEmpty()) {
            return state;
        }
        return transactions.execute(tx -> {
            feed.recordDelivered(state.subscriptionId(), unrecorded, CHANNEL);
            state.recordedThrough(unrecorded.get(unrecorded.size() - 1).sequence());
            return states.save(state);
        });
    }

    private DeliveryState fail(DeliveryState state, WebhookSender.Answer answer, Instant now) {
        failed.increment();
        boolean parkedNow = state.failed(answer.problem(), now, backoff(state.consecutiveFailures() + 1),
                settings.parkAfter());
        if (parkedNow) {
            parkings.increment();
            log.warn("Webhook delivery of subscription {} parked after {} failures in a row ({}); its agency resumes it",
                    state.subscriptionId(), state.consecutiveFailures(), answer.problem());
        }
        return states.save(state);
    }

    /** The wait after the {@code failures}-th failure in a row: doubling, capped, the upper half of it at random. */
    Duration backoff(int failures) {
        long initial = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long full = failures >= 62 ? cap : Math.min(cap, initial << Math.min(failures - 1, 30));
        long half = Math.max(1, full / 2);
        return Duration.ofMillis(full - half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private boolean batchDue(DeliveryState state, Frequency frequency, Instant now) {
        ZonedDateTime last = state.lastBatch().atZone(zone);
        ZonedDateTime next = switch (frequency) {
            case DAILY -> last.plusDays(1);
            case WEEKLY -> last.plusWeeks(1);
            case MONTHLY -> last.plusMonths(1);
        };
        return !next.toInstant().isAfter(now);
    }

    private WebhookSender.Answer send(Subscriber subscriber, WebhookDelivery delivery) {
        byte[] body = JukiNetJson.mapper().writeValueAsBytes(delivery);
        byte[] nonce = new byte[18];
        NONCES.nextBytes(nonce);
        Map<String, String> headers = WebhookSignatures.sign("POST", subscriber.endpoint(), body, key.privateKey(),
                key.keyId(), clock.instant(), Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)).asMap();
        return sender.send(subscriber.endpoint(), body, headers);
    }

    /**
     * The delivery state of the caller's subscription.
     *
     * @throws Refusal not found when the subscription is not the caller's (F10: the same answer as
     *                 for one that does not exist, so nothing is learnt of others')
     */
    public DeliveryStatus status(UUID subscriptionId, String caller) {
        Subscriber subscriber = own(subscriptionId, caller);
        DeliveryState state = states.findById(subscriptionId).orElse(null);
        return DeliveryStatus.of(subscriber, state, feed.head(subscriptionId));
    }

    /**
     * The agency resumes its parked channel: attempted in the next round, failures counted from
     * zero. Resuming a channel that is not parked changes nothing.
     *
     * @throws Refusal not found when the subscription is not the caller's
     */
    public DeliveryStatus resume(UUID subscriptionId, String caller) {
        Subscriber subscriber = own(subscriptionId, caller);
        DeliveryState state = states.findById(subscriptionId).orElse(null);
        if (state != null && state.parked()) {
            state.resume(clock.instant());
            state = states.save(state);
            log.info("Webhook delivery of subscription {} resumed by its agency", subscriptionId);
        }
        return DeliveryStatus.of(subscriber, state, feed.head(subscriptionId));
    }

    private Subscriber own(UUID subscriptionId, String caller) {
        return feed.subscriber(subscriptionId).filter(s -> s.recipient().equals(caller))
                .orElseThrow(() -> Refusal.notFound("subscriptionId", "no subscription " + subscriptionId + " of yours"));
    }
}
