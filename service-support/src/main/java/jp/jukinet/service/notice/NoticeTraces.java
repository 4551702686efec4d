package jp.jukinet.service.notice;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * One trace per notice across the hops, although a notice waits in an outbox between them: the
 * outbox row keeps the W3C {@code traceparent} of the request that committed the change
 * ({@link #currentParent()}), and the publisher delivers the batch inside a span that continues that
 * trace ({@link #deliver}). The delivery's HTTP call carries the trace on (Boot's observed
 * {@code RestClient}), the receiver's request is part of it, and what the receiver appends to its own
 * outbox while applying the notice keeps it again: so the change a clerk registered at a CS is one
 * trace from the CS's request to J-LIS's apply. A batch holding notices of several traces is a trace
 * of its own, linked to each (up to {@value #MAX_LINKS}). Messages between CSs (the peer outbox: moves,
 * wide-area copies) are traced the same way.
 */
public final class NoticeTraces {

    /** Where no tracer is configured: nothing is kept, deliveries run as they are. */
    public static final NoticeTraces NONE = new NoticeTraces(null);

    static final int MAX_LINKS = 32;
    private static final Pattern TRACE_PARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Tracer tracer;

    public NoticeTraces(Tracer tracer) {
        this.tracer = tracer == null || tracer == Tracer.NOOP ? null : tracer;
    }

    /** The W3C {@code traceparent} of the current span, or {@code null} outside one. */
    public String currentParent() {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        TraceContext context = span.context();
        String traceParent = "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
        return TRACE_PARENT.matcher(traceParent).matches() ? traceParent : null;
    }

    /**
     * Runs {@code delivery} in a span named {@code name}: a child of the notices' trace when they share
     * one, else a new trace linked to theirs.
     *
     * @param parents the notices' {@code traceparent}s (absent ones are {@code null})
     */
    public <T> T deliver(String name, Collection<String> parents, Supplier<T> delivery) {
        if (tracer == null) {
            return delivery.get();
        }
        Set<TraceContext> contexts = new LinkedHashSet<>();
        for (String parent : parents) {
            TraceContext context = parse(parent);
            if (context != null) {
                contexts.add(context);
            }
        }
        Span.Builder builder = tracer.spanBuilder().name(name).kind(Span.Kind.PRODUCER);
        if (contexts.size() == 1) {
            builder.setParent(contexts.iterator().next());
        } else {
            builder.setNoParent();
            contexts.stream().limit(MAX_LINKS).forEach(context -> builder.addLink(new Link(context)));
        }
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return delivery.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private TraceContext parse(String traceParent) {
        Matcher parts = traceParent == null ? null : TRACE_PARENT.matcher(traceParent);
        if (parts == null || !parts.matches()) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(parts.group(1)).spanId(parts.group(2))
                .sampled((Integer.parseInt(parts.group(3), 16) & 1) == 1).build();
    }
}
