package jp.jukinet.agency.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.agency.NonceStore;
import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;

/**
 * The client against a stand-in gateway (the JDK's HTTPS server, client certificates required, a
 * dev CA's certificates as {@code ./jukinet} writes them): what goes on the wire, what comes back,
 * and that a batch really streams both ways. The real network is proven in network-tests'
 * {@code AgencyClientNetworkTest}.
 */
class AgencyClientTest {

    private static final String BASIS = "nenkin-30-9-change-check";

    @TempDir
    static Path pki;

    private static DevCertificateAuthority ca;
    private static HttpsServer server;
    private static final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private static final Map<String, String> seen = new ConcurrentHashMap<>();
    private static AgencyClient client;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void start() throws IOException {
        ca = DevCertificateAuthority.openOrCreate(pki);
        IssuedCertificate gateway = ca.ensureIssued(new Identity("gateway"));
        SSLContext tls = PemTls.context(gateway.certificate(), gateway.privateKey(), ca.caCertificatePath());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                seen.put("peer", ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
                seen.put("user-agent", String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
                seen.put("content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                handlers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                        e -> answer(e, 404, "application/problem+json",
                                "{\"type\":\"urn:jukinet:problem:not-found\",\"title\":\"Not found\",\"status\":404}"))
                        .handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        client = clientOf("agency-nenkin").userAgent("nenkin-system/1.0").build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(0);
    }

    private static AgencyClient.Builder clientOf(String agency) {
        IssuedCertificate own = ca.ensureIssued(new Identity(agency));
        return AgencyClient.builder()
                .gateway(URI.create("https://localhost:" + server.getAddress().getPort()))
                .certificate(own.certificate(), own.privateKey())
                .trustAnchor(ca.caCertificatePath());
    }

    @Test
    void aLookupIsPostedAsJsonWithTheAgencysCertificateAndItsAnswerRead() {
        ResidentCode code = ResidentCode.fromSerial(1_234_567L);
        handlers.put("POST /api/v1/national/lookups", exchange -> {
            LookupRequest request = JukiNetJson.mapper().readValue(exchange.getRequestBody().readAllBytes(),
                    LookupRequest.class);
            answer(exchange, 200, "application/json", "{\"outcome\":\"PROVIDED\",\"residentCode\":\""
                    + request.residentCode().value() + "\",\"status\":\"ACTIVE\"}");
        });

        LookupResult result = client.lookup(LookupRequest.byResidentCode(BASIS, code));

        assertThat(result.outcome()).isEqualTo(ProvisionOutcome.PROVIDED);
        assertThat(result.residentCode()).isEqualTo(code);
        assertThat(seen.get("peer")).contains("CN=agency-nenkin");
        assertThat(seen.get("user-agent")).isEqualTo("nenkin-system/1.0");
        assertThat(seen.get("content-type")).startsWith("application/json");
    }

    @Test
    void aProblemBecomesATypedExceptionWhoseMessageHoldsNoDetail() {
        handlers.put("POST /api/v1/national/lookups", exchange -> answer(exchange, 403, "application/problem+json",
                "{\"type\":\"urn:jukinet:problem:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"resident 12345678901 is outside the rule's scope\",\"field\":\"basis\"}"));

        assertThatThrownBy(() -> client.lookup(LookupRequest.byResidentCode(BASIS, ResidentCode.fromSerial(1L))))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(403);
                    assertThat(problem.type()).isEqualTo("urn:jukinet:problem:forbidden");
                    assertThat(problem.title()).isEqualTo("Forbidden");
                    assertThat(problem.field()).isEqualTo("basis");
                    assertThat(problem.detail()).contains("outside the rule's scope");
                    assertThat(problem.getMessage()).contains("403", "forbidden", "basis").doesNotContain("12345678901");
                    assertThat(problem.retryAfter()).isEmpty();
                });
    }

    @Test
    void aRateLimitedCallExposesRetryAfter() {
        handlers.put("GET /api/v1/national/subscriptions", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            answer(exchange, 429, "application/problem+json",
                    "{\"type\":\"urn:jukinet:problem:rate-limited\",\"title\":\"Too many requests\",\"status\":429}");
        });

        assertThatThrownBy(() -> client.subscriptions()).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.rateLimited()).isTrue();
            assertThat(problem.type()).isEqualTo("urn:jukinet:problem:rate-limited");
            assertThat(problem.retryAfter()).contains(Duration.ofSeconds(7));
        });
    }

    @Test
    void anAnswerWithoutAProblemStillGivesItsStatus() {
        handlers.put("GET /api/v1/national/provision-rules", exchange -> answer(exchange, 502, "text/plain", "bad gateway"));

        assertThatThrownBy(() -> client.provisionRules()).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.status()).isEqualTo(502);
            assertThat(problem.type()).isEqualTo(ProblemException.ABOUT_BLANK);
        });
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneOffset.UTC);
        assertThat(AgencyClient.retryAfter("Thu, 03 Dec 2026 01:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(AgencyClient.retryAfter("2", clock)).isEqualTo(Duration.ofSeconds(2));
        assertThat(AgencyClient.retryAfter("soon", clock)).isNull();
        ProblemException problem = AgencyClient.problem(503,
                HttpFields.build().add("Retry-After", "1").add("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:jukinet:problem:unavailable\",\"status\":503}".getBytes(StandardCharsets.UTF_8), clock);
        assertThat(problem.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(problem.type()).isEqualTo("urn:jukinet:problem:unavailable");
    }

    /**
     * Full duplex: 100,000 lines whose answers the stand-in writes as it reads them. A client that
     * sent the whole body before reading would stall once the answers fill the socket buffers. (The
     * sender that waits for each answer before its next line is proven against the real gateway in
     * network-tests: the JDK's server here hands over a chunk only once the next one starts.)
     */
    @Test
    void aLongBatchDoesNotStallWhenItsAnswersFillTheBuffers() {
        handlers.put("POST /api/v1/national/lookups/batch", AgencyClientTest::echoBatch);
        long[] next = {1};

        BatchOutcome outcome = client.lookupBatch(LongStream.rangeClosed(1, 100_000)
                .mapToObj(i -> LookupRequest.byResidentCode(BASIS, ResidentCode.fromSerial(i))), result -> {
                    assertThat(result.line()).isEqualTo(next[0]);
                    assertThat(result.residentCode()).isEqualTo(ResidentCode.fromSerial(next[0]++));
                });

        assertThat(outcome).isEqualTo(new BatchOutcome(100_000, 100_000));
        assertThat(outcome.complete()).isTrue();
        assertThat(seen.get("content-type")).isEqualTo(AgencyClient.NDJSON);
    }

    @Test
    void whatTheSendersIteratorThrowsAbortsTheBatchAndReachesTheCaller() {
        handlers.put("POST /api/v1/national/lookups/batch", AgencyClientTest::echoBatch);
        Iterator<LookupRequest> failing = LongStream.rangeClosed(1, 1_000).mapToObj(i -> {
            if (i == 500) {
                throw new IllegalStateException("the agency's source failed");
            }
            return LookupRequest.byResidentCode(BASIS, ResidentCode.fromSerial(i));
        }).iterator();

        assertThatThrownBy(() -> client.lookupBatch(failing, result -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("the agency's source failed");
    }

    @Test
    void aRefusedBatchIsAProblem() {
        handlers.put("POST /api/v1/national/lookups/batch", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 429, "application/problem+json",
                    "{\"type\":\"urn:jukinet:problem:rate-limited\",\"title\":\"Too many requests\",\"status\":429}");
        });

        assertThatThrownBy(() -> client.lookupBatch(LongStream.rangeClosed(1, 10)
                .mapToObj(i -> LookupRequest.byResidentCode(BASIS, ResidentCode.fromSerial(i))), result -> { }))
                .isInstanceOfSatisfying(ProblemException.class, problem ->
                        assertThat(problem.retryAfter()).contains(Duration.ofSeconds(1)));
    }

    @Test
    void theFeedIsReadAfterASequenceAndAGapIsNoticed() {
        UUID id = UUID.randomUUID();
        handlers.put("GET /api/v1/national/subscriptions/" + id + "/events", exchange -> {
            long after = Long.parseLong(exchange.getRequestURI().getQuery().replaceAll(".*after=(\\d+).*", "$1"));
            StringBuilder body = new StringBuilder();
            for (long sequence = after + 1; sequence <= 4; sequence++) {
                body.append(JukiNetJson.mapper().writeValueAsString(event(sequence))).append('\n');
            }
            answer(exchange, 200, AgencyClient.NDJSON, body.toString());
        });
        List<Long> read = new ArrayList<>();

        assertThat(client.readFeed(id, 1, null, event -> read.add(event.sequence()))).isEqualTo(4);
        assertThat(read).containsExactly(2L, 3L, 4L);
        assertThat(client.readFeed(id, 4, null, event -> read.add(event.sequence()))).isEqualTo(4);

        handlers.put("GET /api/v1/national/subscriptions/" + id + "/events", exchange -> answer(exchange, 200,
                AgencyClient.NDJSON, JukiNetJson.mapper().writeValueAsString(event(3)) + "\n"));
        assertThatThrownBy(() -> client.readFeed(id, 1, null, event -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from sequence 1 to 3");
    }

    @Test
    void theWebhookVerifierIsTheKitsWithJLisKeysReadAgainForANewKeyId() throws Exception {
        KeyPair first = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair second = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<PublishedKeys.Key> published = new java.util.concurrent.CopyOnWriteArrayList<>(
                List.of(PublishedKeys.Key.of("national-1", first.getPublic())));
        handlers.put("GET /api/v1/national/subscription-keys", exchange -> answer(exchange, 200, "application/json",
                JukiNetJson.mapper().writeValueAsString(new PublishedKeys(published))));
        URI endpoint = URI.create("https://webhook-agency-nenkin:9443/jukinet/events");
        UUID subscription = UUID.randomUUID();
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T01:00:00Z"));
        NonceStore nonces = new jp.jukinet.agency.InMemoryNonceStore(clock);
        WebhookVerifier verifier = client.webhookVerifier(endpoint, subscription, clock, Duration.ofMinutes(5), nonces);

        WebhookRequest genuine = signed(endpoint, subscription, 1, first, "national-1", clock.instant(), "n1");
        assertThat(verifier.verify(genuine, 0)).isInstanceOfSatisfying(Verification.Verified.class,
                verified -> assertThat(verified.newEvents()).extracting(SubscriptionEvent::sequence).containsExactly(1L));
        byte[] tampered = new String(genuine.body(), StandardCharsets.UTF_8).replace("\"head\":1", "\"head\":2")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(new WebhookRequest("POST", genuine.headers(), tampered), 0))
                .isInstanceOfSatisfying(Verification.Refused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(Verification.Reason.DIGEST_MISMATCH));

        // J-LIS rotates: a new keyid is published, and the verifier reads the keys again to find it
        published.add(PublishedKeys.Key.of("national-2", second.getPublic()));
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(signed(endpoint, subscription, 2, second, "national-2", clock.instant(), "n2"), 1)
                .verified()).isTrue();
    }

    @Test
    void anRsaKeyIsReadAndAKeyThatIsNotPkcs8IsRefusedSayingHowToConvertIt(@TempDir Path files) throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path pkcs8 = files.resolve("rsa.key");
        Files.writeString(pkcs8, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        assertThat(PemTls.privateKey(pkcs8).getAlgorithm()).isEqualTo("RSA");
        IssuedCertificate agency = ca.ensureIssued(new Identity("agency-nenkin"));
        assertThat(PemTls.privateKey(agency.privateKey()).getAlgorithm()).isEqualTo("EC");

        Path traditional = files.resolve("ec.key");
        Files.writeString(traditional, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> AgencyClient.builder().gateway(URI.create("https://localhost:1"))
                .certificate(agency.certificate(), traditional).trustAnchor(ca.caCertificatePath()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aGatewayWhoseCertificateIsNotOfTheTrustedCaIsRefused(@TempDir Path otherPki) {
        DevCertificateAuthority other = DevCertificateAuthority.openOrCreate(otherPki);
        IssuedCertificate own = ca.ensureIssued(new Identity("agency-nenkin"));
        try (AgencyClient misled = AgencyClient.builder()
                .gateway(URI.create("https://localhost:" + server.getAddress().getPort()))
                .certificate(own.certificate(), own.privateKey()).trustAnchor(other.caCertificatePath()).build()) {
            assertThatThrownBy(misled::provisionRules).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void theReadmesExampleIsTheOneTheBuildCompiles() throws IOException {
        String source = Files.readString(Path.of("src/test/java/jp/jukinet/agency/client/ReadmeExample.java"));
        String example = source.substring(source.indexOf("// README begin\n") + "// README begin\n".length(),
                source.indexOf("        // README end")).stripTrailing().lines()
                .map(line -> line.startsWith("        ") ? line.substring(8) : line)
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(Files.readString(Path.of("README.md"))).contains("```java\n" + example + "\n```");
    }

    // --- the stand-in gateway

    /** Answers each line as it is read, before reading the next: {"line": n, "outcome": "PROVIDED", "residentCode": …}. */
    private static void echoBatch(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", AgencyClient.NDJSON);
        exchange.sendResponseHeaders(200, 0);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(exchange.getRequestBody(), StandardCharsets.UTF_8));
             OutputStream out = exchange.getResponseBody()) {
            long line = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                LookupRequest request = JukiNetJson.mapper().readValue(text, LookupRequest.class);
                out.write(("{\"line\":" + ++line + ",\"outcome\":\"PROVIDED\",\"residentCode\":\""
                        + request.residentCode().value() + "\"}\n").getBytes(StandardCharsets.UTF_8));
                if (!in.ready()) {
                    out.flush();
                }
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SubscriptionEvent event(long sequence) {
        return new SubscriptionEvent(sequence, EventKind.CHANGE, UUID.randomUUID(), ChangeReason.MOVE_WITHIN,
                LocalDate.of(2026, 12, 1), Instant.parse("2026-12-01T00:00:00Z"),
                new LookupResult(null, ProvisionOutcome.PROVIDED, null, null, null, null, null, null, null, null));
    }

    private static WebhookRequest signed(URI endpoint, UUID subscription, long sequence, KeyPair key, String keyId,
                                         Instant created, String nonce) {
        byte[] body = JukiNetJson.mapper().writeValueAsBytes(new WebhookDelivery(subscription, sequence,
                List.of(event(sequence)), created));
        WebhookSignatures.SignedHeaders headers = WebhookSignatures.sign("POST", endpoint, body, key.getPrivate(), keyId,
                created, nonce);
        return new WebhookRequest("POST", new HashMap<>(headers.asMap()), body);
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
