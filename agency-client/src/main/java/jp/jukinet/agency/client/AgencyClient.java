package jp.jukinet.agency.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import jp.jukinet.agency.InMemoryNonceStore;
import jp.jukinet.agency.NonceStore;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupProblem;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionChange;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.model.subscription.TargetResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agency's client of Juki-Net: J-LIS's agencies' API through the gateway, with the agency's own
 * certificate (mutual TLS). One instance per agency system, thread-safe; {@link #close()} it when
 * done.
 *
 * <pre>{@code
 * try (AgencyClient jlis = AgencyClient.builder()
 *         .gateway(URI.create("https://localhost:8443"))
 *         .certificate(Path.of("var/pki/agency-nenkin.crt"), Path.of("var/pki/agency-nenkin.key"))
 *         .trustAnchor(Path.of("var/pki/ca.crt"))
 *         .build()) {
 *     LookupResult person = jlis.lookup(LookupRequest.byResidentCode("nenkin-30-9-change-check", code));
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> An answer that is not 2xx is a {@link ProblemException} with the problem's
 * status, type, title, detail and field (and {@code Retry-After} for 429); a failure of the
 * transport (refused connection, TLS handshake, timeout) is an {@link UncheckedIOException}. Within
 * a batch, a line refused or not found is an answer line of its own (its {@link LookupResult#error()}),
 * not an exception.
 *
 * <p><b>Personal data.</b> The client logs nothing, and its exceptions' messages carry no problem
 * detail (see {@link ProblemException}); the shared-model types it hands out print no personal
 * data in {@code toString()}.
 *
 * <p><b>Why Jetty's HTTP client.</b> A batch is streamed both ways: the national server answers
 * each chunk of lines while the agency is still sending, and an agency with a million lines must
 * not hold them, or their answers, in memory. That takes a full-duplex client, and over HTTP/1.1 (what
 * the gateway speaks) neither the JDK's {@code java.net.http.HttpClient} nor Spring's
 * {@code RestClient} is one: both send the whole request body before they hand over the response,
 * so once the answers fill the socket buffers the server stops reading and the batch stalls (the
 * project measured this with the JDK's client; its benchmarks used Jetty's for that reason). Jetty's
 * client is full duplex, is plain Java (an agency system need not run Spring), is what Spring Boot
 * manages the version of, and serves the ordinary calls as well, so one client with one TLS set-up
 * and one connection pool does everything.
 */
public final class AgencyClient implements AutoCloseable {

    static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The most of an error answer read: a problem is small, and nothing else of it is used. */
    private static final int PROBLEM_LIMIT = 64 * 1024;
    /** How long a batch's last lines may wait to be sent while the caller's iterator has no next one ready. */
    private static final long LINGER_MILLIS = 20;
    /** How often, at most, the signing keys are read again for a keyid not yet known. */
    private static final Duration KEY_REFRESH = Duration.ofSeconds(30);

    private static final JsonMapper JSON_MAPPER = JukiNetJson.mapper();
    private static final ObjectReader LOOKUP_RESULT = JSON_MAPPER.readerFor(LookupResult.class);
    private static final ObjectReader TARGET_RESULT = JSON_MAPPER.readerFor(TargetResult.class);
    private static final ObjectReader EVENT = JSON_MAPPER.readerFor(SubscriptionEvent.class);
    private static final ObjectWriter LOOKUP_REQUEST = JSON_MAPPER.writerFor(LookupRequest.class);
    private static final ObjectWriter TARGET_CHANGE = JSON_MAPPER.writerFor(TargetChange.class);

    private final String gateway;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration streamIdleTimeout;
    private final ExecutorService writers;
    private final ScheduledExecutorService lingering;

    private AgencyClient(Builder builder) {
        this.gateway = builder.gateway.toString().replaceAll("/+$", "");
        this.requestTimeout = builder.requestTimeout;
        this.streamIdleTimeout = builder.streamIdleTimeout;

        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(builder.sslContext != null ? builder.sslContext
                : PemTls.context(builder.certificate, builder.privateKey, builder.trustAnchor));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("agency-client");
        threads.setDaemon(true);
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setScheduler(new ScheduledExecutorScheduler("agency-client-scheduler", true));
        http.setConnectTimeout(builder.connectTimeout.toMillis());
        http.setIdleTimeout(builder.streamIdleTimeout.toMillis());
        http.setFollowRedirects(false);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, builder.userAgent));
        this.writers = Executors.newCachedThreadPool(daemons("agency-client-batch-writer-"));
        this.lingering = Executors.newSingleThreadScheduledExecutor(daemons("agency-client-linger-"));
        try {
            http.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the HTTP client could not start", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // --- provision (F5)

    /** The provision rules of J-LIS that name this agency, in force or not ({@code GET /api/v1/national/provision-rules}). */
    public List<ProvisionRule> provisionRules() {
        return read(call(get("/api/v1/national/provision-rules")), listOf(ProvisionRule.class));
    }

    /**
     * One lookup under a provision rule ({@code POST /api/v1/national/lookups}): the person with only
     * the rule's fields ({@code PROVIDED}), or {@code AMBIGUOUS} with the number of matches when 4 info
     * match several people.
     *
     * @throws ProblemException 403 when the rule does not name this agency, is not in force, allows no
     *                          My Number key, or (Art. 30-10 to 30-12) the person is outside its scope;
     *                          404 when no one matches; 400 naming the field for bad input
     */
    public LookupResult lookup(LookupRequest request) {
        return read(call(post("/api/v1/national/lookups", request)), LookupResult.class);
    }

    /**
     * A batch lookup ({@code POST /api/v1/national/lookups/batch}), streamed both ways: the requests
     * are sent from {@code requests} on a thread of the client's while the answers are handed to
     * {@code onResult} on the calling thread as they arrive, one per request in request order (each
     * {@link LookupResult#line()} is its request's number, from 1). Neither the requests nor the
     * answers are held: memory stays bounded whatever the length of the batch. The iterator may
     * block (a sender that waits for answers before it sends more): lines waiting are sent after
     * {@value #LINGER_MILLIS} ms without a new one.
     *
     * <p>A malformed or refused line is answered on its own ({@code INVALID}, {@code REFUSED},
     * {@code NOT_FOUND}, with its {@link LookupResult#error()}). If J-LIS cannot process a chunk,
     * its lines are answered {@code FAILED} and the answer ends: see {@link BatchOutcome}.
     *
     * @return how many lines were sent and answered
     * @throws ProblemException when the batch as a whole is refused (e.g. 429: too many streams at once)
     * @throws RuntimeException what the iterator or {@code onResult} threw; the request is then aborted
     */
    public BatchOutcome lookupBatch(Iterator<? extends LookupRequest> requests, Consumer<? super LookupResult> onResult) {
        return this.<LookupRequest, LookupResult>duplex("/api/v1/national/lookups/batch", requests,
                LOOKUP_REQUEST, LOOKUP_RESULT, onResult, result -> result.line() == null ? -1 : result.line());
    }

    /** {@link #lookupBatch(Iterator, Consumer)} of a stream of requests, which is closed afterwards. */
    public BatchOutcome lookupBatch(Stream<? extends LookupRequest> requests, Consumer<? super LookupResult> onResult) {
        try (requests) {
            return lookupBatch(requests.iterator(), onResult);
        }
    }

    // --- subscriptions (F6)

    /**
     * Subscribes under a provision rule ({@code POST /api/v1/national/subscriptions}).
     *
     * @throws ProblemException 403 when the rule allows this agency no subscription, or not this mode,
     *                          age or target (field {@code mode}, {@code target}, …); 400 naming the field
     */
    public SubscriptionView subscribe(SubscriptionRequest request) {
        return read(call(post("/api/v1/national/subscriptions", request)), SubscriptionView.class);
    }

    /** This agency's subscriptions, oldest first, any status. */
    public List<SubscriptionView> subscriptions() {
        return read(call(get("/api/v1/national/subscriptions")), listOf(SubscriptionView.class));
    }

    /** One of this agency's subscriptions, with its feed's head. @throws ProblemException 404 when it is not this agency's */
    public SubscriptionView subscription(UUID id) {
        return read(call(get("/api/v1/national/subscriptions/" + id)), SubscriptionView.class);
    }

    /** Changes, pauses or resumes a subscription ({@code PATCH}). @throws ProblemException 404, 409 (see the API) */
    public SubscriptionView changeSubscription(UUID id, SubscriptionChange change) {
        return read(call(json(http.newRequest(uri("/api/v1/national/subscriptions/" + id)).method(HttpMethod.PATCH),
                change)), SubscriptionView.class);
    }

    /** Cancels a subscription ({@code DELETE}): no more events; its feed stays readable. */
    public SubscriptionView cancelSubscription(UUID id) {
        return read(call(http.newRequest(uri("/api/v1/national/subscriptions/" + id)).method(HttpMethod.DELETE)),
                SubscriptionView.class);
    }

    /**
     * Adds and removes listed targets ({@code POST …/subscriptions/{id}/targets}), streamed both ways
     * as {@link #lookupBatch(Iterator, Consumer)} is: one {@link TargetResult} per change, in order.
     *
     * @throws ProblemException 404 when the subscription is not this agency's; 409 when it is COMPLETED
     */
    public BatchOutcome changeTargets(UUID id, Iterator<TargetChange> changes, Consumer<? super TargetResult> onResult) {
        return this.<TargetChange, TargetResult>duplex("/api/v1/national/subscriptions/" + id + "/targets",
                changes, TARGET_CHANGE, TARGET_RESULT, onResult, TargetResult::line);
    }

    /** {@link #changeTargets(UUID, Iterator, Consumer)} of a list, answered as a list. */
    public List<TargetResult> changeTargets(UUID id, List<TargetChange> changes) {
        List<TargetResult> results = new java.util.ArrayList<>(changes.size());
        changeTargets(id, changes.iterator(), results::add);
        return results;
    }

    /**
     * Reads the subscription's feed after sequence {@code after} up to its head
     * ({@code GET …/subscriptions/{id}/events?after=}), streamed: each event is handed to
     * {@code onEvent} as it arrives, in sequence. Every event read is recorded at J-LIS as a provision.
     * Store the returned sequence once the events are applied, and read after it next time.
     *
     * @param limit at most this many events; {@code null} for all up to the head
     * @return the sequence of the last event handed over; {@code after} when there was none
     * @throws IllegalStateException when the feed skips a sequence (it never should: sequences have no gaps)
     */
    public long readFeed(UUID id, long after, Integer limit, Consumer<? super SubscriptionEvent> onEvent) {
        String path = "/api/v1/national/subscriptions/" + id + "/events?after=" + after
                + (limit == null ? "" : "&limit=" + limit);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Request request = http.newRequest(uri(path)).method(HttpMethod.GET).accept(NDJSON, PROBLEM_JSON)
                .idleTimeout(streamIdleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        request.send(listener);
        long last = after;
        try {
            Response response = awaitHeaders(listener);
            if (response.getStatus() != 200) {
                throw problem(response, readUpTo(listener.getInputStream()));
            }
            try (BufferedReader lines = reader(listener.getInputStream())) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    SubscriptionEvent event = EVENT.readValue(line);
                    if (event.sequence() != last + 1) {
                        throw new IllegalStateException("the feed went from sequence " + last + " to " + event.sequence());
                    }
                    onEvent.accept(event);
                    last = event.sequence();
                }
            }
            return last;
        } catch (IOException e) {
            request.abort(e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            request.abort(e);
            throw e;
        }
    }

    // --- webhooks (push-type notification)

    /** The keys J-LIS signs webhook deliveries with ({@code GET /api/v1/national/subscription-keys}). */
    public PublishedKeys subscriptionKeys() {
        return read(call(get("/api/v1/national/subscription-keys")), PublishedKeys.class);
    }

    /**
     * The agency kit's verifier for the deliveries of subscription {@code subscriptionId} at
     * {@code endpoint} (as the agency registered it), with J-LIS's published keys: read now, and read
     * again (at most every 30 s) when a delivery names a keyid not yet known, which is how J-LIS
     * rotates its key. Requests are accepted within 5 minutes of their {@code created}; nonces are
     * remembered in this process ({@link InMemoryNonceStore}).
     */
    public WebhookVerifier webhookVerifier(URI endpoint, UUID subscriptionId) {
        Clock clock = Clock.systemUTC();
        return webhookVerifier(endpoint, subscriptionId, clock, Duration.ofMinutes(5), new InMemoryNonceStore(clock));
    }

    /**
     * {@link #webhookVerifier(URI, UUID)} with the agency's own clock, window and nonce store (an
     * agency with several receiving instances keeps its nonces where all of them see them).
     */
    public WebhookVerifier webhookVerifier(URI endpoint, UUID subscriptionId, Clock clock, Duration window,
                                           NonceStore nonces) {
        KeyRing keys = new KeyRing(clock);
        return new WebhookVerifier(keys::find, endpoint, subscriptionId, clock, window, nonces);
    }

    /** J-LIS's published keys, read again for an unknown keyid (not more often than {@link #KEY_REFRESH}). */
    private final class KeyRing {

        private final Clock clock;
        private volatile PublishedKeys keys;
        private volatile java.time.Instant readAt;

        KeyRing(Clock clock) {
            this.clock = clock;
            this.keys = subscriptionKeys();
            this.readAt = clock.instant();
        }

        Optional<java.security.PublicKey> find(String keyId) {
            Optional<java.security.PublicKey> key = keys.find(keyId);
            if (key.isPresent() || clock.instant().isBefore(readAt.plus(KEY_REFRESH))) {
                return key;
            }
            synchronized (this) {
                if (!clock.instant().isBefore(readAt.plus(KEY_REFRESH))) {
                    readAt = clock.instant();
                    try {
                        keys = subscriptionKeys();
                    } catch (ProblemException | UncheckedIOException e) {
                        // J-LIS unreachable: the delivery is refused (UNKNOWN_KEY) and sent again later
                    }
                }
            }
            return keys.find(keyId);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping: nothing more to do with it
        } finally {
            writers.shutdownNow();
            lingering.shutdownNow();
        }
    }

    // --- the exchanges

    private Request get(String path) {
        return http.newRequest(uri(path)).method(HttpMethod.GET);
    }

    private Request post(String path, Object body) {
        return json(http.newRequest(uri(path)).method(HttpMethod.POST), body);
    }

    private static Request json(Request request, Object body) {
        return request.body(new BytesRequestContent(JSON, JSON_MAPPER.writeValueAsBytes(body)));
    }

    private URI uri(String path) {
        return URI.create(gateway + path);
    }

    /** A call answered in full (a JSON body); its body when 2xx. */
    private byte[] call(Request request) {
        ContentResponse response;
        try {
            response = request.accept(JSON, PROBLEM_JSON)
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while calling the gateway"));
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException("no answer within " + requestTimeout, e));
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("the call failed: " + e.getCause(), e.getCause()));
        }
        if (response.getStatus() / 100 != 2) {
            throw problem(response, response.getContent());
        }
        return response.getContent();
    }

    private static <T> T read(byte[] body, Class<T> type) {
        return JSON_MAPPER.readValue(body, type);
    }

    private static <T> T read(byte[] body, JavaType type) {
        return JSON_MAPPER.readValue(body, type);
    }

    private static JavaType listOf(Class<?> element) {
        return JSON_MAPPER.getTypeFactory().constructCollectionType(List.class, element);
    }

    /**
     * Streams {@code lines} to {@code path} as NDJSON while handing each answer line to
     * {@code onAnswer}, checking that answer n is for line n.
     */
    private <T, R> BatchOutcome duplex(String path, Iterator<? extends T> lines, ObjectWriter writer, ObjectReader reader,
                                       Consumer<? super R> onAnswer, ToLongFunction<R> lineOf) {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(onAnswer, "onAnswer");
        OutputStreamRequestContent body = new OutputStreamRequestContent(NDJSON);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Request request = http.newRequest(uri(path)).method(HttpMethod.POST).accept(NDJSON, PROBLEM_JSON)
                .idleTimeout(streamIdleTimeout.toMillis(), TimeUnit.MILLISECONDS).body(body);
        request.send(listener);
        NdjsonUpload<T> upload = new NdjsonUpload<>(lines, writer, body.getOutputStream(), request::abort);
        Future<Long> writing = writers.submit(upload);
        ScheduledFuture<?> linger = lingering.scheduleWithFixedDelay(upload::lingered, LINGER_MILLIS, LINGER_MILLIS,
                TimeUnit.MILLISECONDS);
        try {
            Response response = awaitHeaders(listener);
            if (response.getStatus() != 200) {
                ProblemException refused = problem(response, readUpTo(listener.getInputStream()));
                request.abort(refused);
                throw refused;
            }
            long answered = 0;
            try (BufferedReader answers = reader(listener.getInputStream())) {
                for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    R answer = reader.readValue(line);
                    answered++;
                    if (lineOf.applyAsLong(answer) != answered) {
                        throw new IllegalStateException("answer " + answered + " is for line " + lineOf.applyAsLong(answer));
                    }
                    onAnswer.accept(answer);
                }
            }
            return new BatchOutcome(finish(writing), answered);
        } catch (IOException e) {
            request.abort(e);
            throw senderFailure(writing).orElseGet(() -> new UncheckedIOException(e));
        } catch (RuntimeException e) {
            request.abort(e);
            RuntimeException sender = senderFailure(writing).orElse(null);
            throw sender != null && !(e instanceof ProblemException) ? sender : e;
        } finally {
            linger.cancel(false);
            writing.cancel(true);
        }
    }

    /** How many lines the sender sent, once it has ended. */
    private static long finish(Future<Long> writing) throws IOException {
        try {
            return writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the batch was being sent");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e.getCause() instanceof IOException failure ? failure : new IOException(e.getCause());
        }
    }

    /** What the sender failed of when it was not the transport (the caller's iterator, a line that cannot be written). */
    private static Optional<RuntimeException> senderFailure(Future<Long> writing) {
        if (!writing.isDone() || writing.isCancelled()) {
            return Optional.empty();
        }
        try {
            writing.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException failure ? Optional.of(failure) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Response awaitHeaders(InputStreamResponseListener listener) throws IOException {
        try {
            return listener.get(streamIdleTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the answer");
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + streamIdleTimeout.plus(requestTimeout), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException failure ? failure : new IOException(e.getCause());
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }

    private static byte[] readUpTo(InputStream in) {
        try (in) {
            return in.readNBytes(PROBLEM_LIMIT);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The typed refusal of an answer that is not 2xx, from its problem+json body where it has one. */
    static ProblemException problem(Response response, byte[] body) {
        return problem(response.getStatus(), response.getHeaders(), body, Clock.systemUTC());
    }

    static ProblemException problem(int status, HttpFields headers, byte[] body, Clock clock) {
        Duration retryAfter = retryAfter(headers.get(HttpHeader.RETRY_AFTER), clock);
        String mediaType = headers.get(HttpHeader.CONTENT_TYPE);
        if (body != null && body.length > 0 && mediaType != null && mediaType.contains("json")) {
            try {
                LookupProblem problem = JSON_MAPPER.readValue(body, LookupProblem.class);
                return new ProblemException(status, problem.type(), problem.title(), problem.detail(), problem.field(),
                        retryAfter);
            } catch (JacksonException notAProblem) {
                // fall through: the status alone
            }
        }
        return new ProblemException(status, ProblemException.ABOUT_BLANK, null, null, null, retryAfter);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * How the client reaches the gateway. Required: {@link #gateway}, and either the PEM files
     * ({@link #certificate} and {@link #trustAnchor}) or an {@link #sslContext}.
     */
    public static final class Builder {

        private URI gateway;
        private Path certificate;
        private Path privateKey;
        private Path trustAnchor;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration streamIdleTimeout = Duration.ofMinutes(5);
        private String userAgent = "jukinet-agency-client";

        private Builder() {
        }

        /** The gateway's base URI, e.g. {@code https://localhost:8443}; https only. */
        public Builder gateway(URI gateway) {
            if (gateway == null || !"https".equals(gateway.getScheme()) || gateway.getHost() == null) {
                throw new IllegalArgumentException("the gateway is an https URI with a host, e.g. https://localhost:8443");
            }
            this.gateway = gateway;
            return this;
        }

        /**
         * The agency's certificate as the network's CA issued it ({@code var/pki/agency-<name>.crt}: PEM, the
         * certificate first, any intermediates after it) and its private key ({@code .key}: PEM, unencrypted
         * PKCS#8, EC or RSA).
         */
        public Builder certificate(Path certificate, Path privateKey) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** The CA (PEM, {@code var/pki/ca.crt}) the gateway's certificate must chain to; the only one trusted. */
        public Builder trustAnchor(Path caCertificate) {
            this.trustAnchor = Objects.requireNonNull(caCertificate, "caCertificate");
            return this;
        }

        /** TLS set up by the agency itself (its own key store, say), instead of the PEM files. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** How long a connection may take to open (TCP and TLS); default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** How long a call answered in one piece (a lookup, a subscription) may take in all; default 30 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /** How long a stream (a batch, targets, the feed) may go without a byte either way; default 5 min. */
        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = positive(timeout);
            return this;
        }

        /** The {@code User-Agent} sent, e.g. the agency system's name and version; default {@code jukinet-agency-client}. */
        public Builder userAgent(String userAgent) {
            if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("the user agent is printable ASCII");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The client, its TLS set up (the PEM files are read now).
         *
         * @throws IllegalArgumentException when the files cannot be read as a certificate, key and CA
         * @throws IllegalStateException    when something required is missing
         */
        public AgencyClient build() {
            if (gateway == null) {
                throw new IllegalStateException("gateway(URI) is required");
            }
            if (sslContext == null && (certificate == null || trustAnchor == null)) {
                throw new IllegalStateException("certificate(crt, key) and trustAnchor(ca) are required, or sslContext");
            }
            return new AgencyClient(this);
        }

        private static Duration positive(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a timeout is positive");
            }
            return timeout;
        }
    }
}
