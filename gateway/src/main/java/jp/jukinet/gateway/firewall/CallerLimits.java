package jp.jukinet.gateway.firewall;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * The counters behind {@link GatewayPolicy.Limits}, one set per identity: a request-rate limiter,
 * a lines-per-second limiter for streamed batches (Resilience4j), and the number of requests and
 * streams in progress. A request is {@link #admit admitted} (or refused, naming the limit) before
 * its body is read, and holds its place until it ends.
 *
 * <p>The counters of an identity that has been idle for {@link #IDLE} are dropped (a limiter idle
 * that long is full again, so nothing is forgiven), so that millions of residents' certificates do
 * not keep millions of counters.
 */
final class CallerLimits {

    /** Which limit refused a request; the value is the metric tag. */
    enum Limit {
        REQUESTS("requests"), CONCURRENT_REQUESTS("concurrent-requests"), STREAMS("concurrent-streams"), LINES("lines");

        private final String tag;

        Limit(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    /** Thrown by a streamed body whose lines could not get their permits within the throttle wait. */
    static final class LinesLimitExceeded extends IOException {

        LinesLimitExceeded(String message) {
            super(message);
        }
    }

    static final Duration IDLE = Duration.ofMinutes(2);
    private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final GatewayPolicy.Limits limits;
    private final Map<String, CallerState> states = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long lastSweep = System.nanoTime();

    CallerLimits(GatewayPolicy.Limits limits) {
        if (limits.throttleWait().compareTo(IDLE) >= 0) {
            throw new IllegalArgumentException("jukinet.gateway.limits.throttle-wait must be shorter than " + IDLE);
        }
        this.limits = limits;
    }

    /**
     * Admits one request of {@code caller}, or says which limit refuses it. An admitted request
     * holds a place among the caller's concurrent requests (and streams, when {@code streaming})
     * until the admission is closed; a refused one holds nothing.
     */
    Admission admit(String caller, boolean streaming) {
        long now = System.nanoTime();
        sweepIfDue(now);
        Limit[] refusal = new Limit[1];
        // places are taken inside compute: checks and increments of one identity do not race, and
        // the sweep cannot drop a state a request is about to use
        CallerState state = states.compute(caller, (name, existing) -> {
            CallerState current = existing != null ? existing : new CallerState(limits.resolve(name), limits.throttleWait());
            current.lastUsed = now;
            GatewayPolicy.Figures figures = current.resolved.figures();
            if (current.inFlight.get() >= figures.concurrentRequests()) {
                refusal[0] = Limit.CONCURRENT_REQUESTS;
            } else if (streaming && current.streams.get() >= figures.concurrentStreams()) {
                refusal[0] = Limit.STREAMS;
            } else {
                current.inFlight.incrementAndGet();
                if (streaming) {
                    current.streams.incrementAndGet();
                }
            }
            return current;
        });
        if (refusal[0] != null) {
            return new Admission(state, refusal[0], false);
        }
        Admission admission = new Admission(state, null, streaming);
        if (!state.requests.acquirePermission()) {
            admission.close();
            return new Admission(state, Limit.REQUESTS, false);
        }
        return admission;
    }

    /** The class and figures {@code caller} is held to (for tests and answers). */
    GatewayPolicy.Resolved resolve(String caller) {
        return limits.resolve(caller);
    }

    private void sweepIfDue(long now) {
        if (now - lastSweep < SWEEP_INTERVAL_NANOS || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            long idle = IDLE.toNanos();
            for (String caller : states.keySet()) {
                states.computeIfPresent(caller, (name, state) ->
                        state.inFlight.get() == 0 && now - state.lastUsed > idle ? null : state);
            }
            lastSweep = now;
        } finally {
            sweeping.set(false);
        }
    }

    /** One request's place, or the limit that refused it. */
    static final class Admission implements AutoCloseable {

        private final CallerState state;
        private final Limit refusedBy;
        private final boolean streaming;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Admission(CallerState state, Limit refusedBy, boolean streaming) {
            this.state = state;
            this.refusedBy = refusedBy;
            this.streaming = streaming;
        }

        /** The limit that refused the request, or {@code null} when it was admitted. */
        Limit refusedBy() {
            return refusedBy;
        }

        String callerClass() {
            return state.resolved.callerClass();
        }

        GatewayPolicy.Figures figures() {
            return state.resolved.figures();
        }

        /** Requests the caller may still make in the current second (its request-rate limiter's permits). */
        int remainingRequests() {
            return Math.max(0, state.requests.getMetrics().getAvailablePermissions());
        }

        /**
         * Takes {@code lines} permits from the caller's lines-per-second limiter, waiting for them
         * when they are not there yet (the body is then read more slowly: backpressure), but no
         * longer than the throttle wait.
         *
         * @return the nanoseconds waited (0 when the permits were there)
         * @throws LinesLimitExceeded when the permits would take longer than the throttle wait
         */
        long takeLines(int lines) throws IOException {
            if (lines <= 0) {
                return 0;
            }
            long wait = state.lines.reservePermission(lines);
            if (wait < 0) {
                throw new LinesLimitExceeded(lines + " more lines would exceed " + figures().linesPerSecond()
                        + " lines per second for longer than the gateway waits");
            }
            long deadline = System.nanoTime() + wait;
            for (long left = wait; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for line permits");
                }
            }
            return wait;
        }

        /** Gives back the place among the caller's concurrent requests (and streams); once. */
        @Override
        public void close() {
            if (refusedBy != null || !closed.compareAndSet(false, true)) {
                return;
            }
            if (streaming) {
                state.streams.decrementAndGet();
            }
            state.inFlight.decrementAndGet();
        }
    }

    private static final class CallerState {

        final GatewayPolicy.Resolved resolved;
        final RateLimiter requests;
        final RateLimiter lines;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        volatile long lastUsed;

        CallerState(GatewayPolicy.Resolved resolved, Duration throttleWait) {
            this.resolved = resolved;
            // limiters are named after the class, never the identity: a resident's carries their code
            this.requests = RateLimiter.of(resolved.callerClass() + "-requests", RateLimiterConfig.custom()
                    .limitForPeriod(resolved.figures().requestsPerSecond())
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build());
            this.lines = RateLimiter.of(resolved.callerClass() + "-lines", RateLimiterConfig.custom()
                    .limitForPeriod(resolved.figures().linesPerSecond())
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(throttleWait)
                    .build());
        }
    }
}
