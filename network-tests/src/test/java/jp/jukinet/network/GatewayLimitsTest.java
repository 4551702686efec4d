package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.TestPki;

/**
 * Limits for every caller at the gateway (OWASP API4, issue #12), through mutual TLS with the
 * callers' real certificates: clerks and residents have request rates, a batch counts its lines
 * and is read no faster than the caller's lines per second, and one agency cannot hold more
 * streams than its class allows while another agency's stream still goes through.
 */
class GatewayLimitsTest {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final String BATCH = "/api/v1/national/lookups/batch";
    private static final String BASIS = "nenkin-30-9-same-address";
    /** The lines per second this test gives agency-nenkin, so that a batch of a few dozen lines must wait. */
    private static final int LINES_PER_SECOND = 20;

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork()
                // the clerk class allows 500/s, more than a test loop reliably sends: this clerk is held to 5
                .gatewayProperty("jukinet.gateway.limits.per-caller.clerk-131016.requests-per-second", 5)
                .gatewayProperty("jukinet.gateway.limits.per-caller.agency-nenkin.lines-per-second", LINES_PER_SECOND)
                .national().cs("131016").startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void aClerkOverTheirRateGets429() {
        double before = rateLimited("clerk-moves", "clerk", "requests");
        RestClient clerk = network.client("gateway", "clerk-131016");
        ResponseEntity<Map> refused = firstRefusal(() -> clerk.get().uri("/api/v1/municipalities/131016/moves")
                .retrieve().toEntity(Map.class));

        assertTooManyRequests(refused);
        assertThat(rateLimited("clerk-moves", "clerk", "requests")).isEqualTo(before + 1);
    }

    /** Every answer tells the caller its rate (RateLimit-Limit, -Remaining, -Reset), so a client can pace itself. */
    @Test
    void everyAnswerCarriesTheCallersRateAndWhatIsLeftOfIt() {
        RestClient clerk = network.client("gateway", "clerk-131016");
        ResponseEntity<Map> answer = clerk.get().uri("/api/v1/municipalities/131016/moves").retrieve().toEntity(Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getFirst("RateLimit-Limit")).as("this clerk's figure").isEqualTo("5");
        assertThat(Integer.parseInt(answer.getHeaders().getFirst("RateLimit-Remaining"))).isBetween(0, 4);
        assertThat(answer.getHeaders().getFirst("RateLimit-Reset")).isEqualTo("1");

        ResponseEntity<Map> refused = firstRefusal(() -> clerk.get().uri("/api/v1/municipalities/131016/moves")
                .retrieve().toEntity(Map.class));
        assertThat(refused.getHeaders().getFirst("RateLimit-Limit")).isEqualTo("5");
        assertThat(refused.getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        // a caller the policy refuses before its limits are looked at is told nothing of them
        ResponseEntity<Map> denied = network.client("gateway", "clerk-131016").get()
                .uri("/api/v1/municipalities/271004/moves").retrieve().toEntity(Map.class);
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(denied.getHeaders().containsHeader("RateLimit-Limit")).isFalse();
    }

    @Test
    void aResidentOverTheirRateGets429() {
        String resident = "resident-" + ResidentCode.fromSerial(1_000_000_123L).value();
        double before = rateLimited("resident-provision-records", "resident", "requests");
        // the shipped figure: 10 a second
        RestClient client = network.client("gateway", resident);
        ResponseEntity<Map> refused = firstRefusal(() -> client.get().uri("/api/v1/national/provision-records")
                .retrieve().toEntity(Map.class));

        assertTooManyRequests(refused);
        assertThat((String) refused.getBody().get("detail")).contains("resident-***").doesNotContain(resident);
        assertThat(rateLimited("resident-provision-records", "resident", "requests")).isEqualTo(before + 1);
    }

    @Test
    void aBatchCountsEveryLineAndIsReadNoFasterThanTheCallersLinesPerSecond() {
        int lines = 3 * LINES_PER_SECOND + 1;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            body.append("{\"basis\":\"").append(BASIS).append("\",\"residentCode\":\"")
                    .append(ResidentCode.fromSerial(3_900_000_000L + i).value()).append("\"}");
            if (i < lines - 1) {
                body.append('\n'); // the last line ends without one, and counts all the same
            }
        }
        double counted = counter("jukinet.gateway.batch-lines", "agency-batch-lookups", "agency");
        double throttled = counter("jukinet.gateway.throttled", "agency-batch-lookups", "agency");
        double refused = rateLimited("agency-batch-lookups", "agency", "lines");

        ResponseEntity<String> answer = network.client("gateway", "agency-nenkin").post().uri(BATCH)
                .contentType(NDJSON).accept(NDJSON).body(body.toString()).retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().lines().filter(line -> !line.isBlank())).hasSize(lines);
        // one permit per line, not one per request
        assertThat(counter("jukinet.gateway.batch-lines", "agency-batch-lookups", "agency")).isEqualTo(counted + lines);
        // 61 lines at 20 a second cannot pass without waiting for permits: the read was slowed, not refused
        assertThat(counter("jukinet.gateway.throttled", "agency-batch-lookups", "agency")).isGreaterThan(throttled);
        assertThat(rateLimited("agency-batch-lookups", "agency", "lines")).isEqualTo(refused);
    }

    @Test
    void theThirdStreamOfOneAgencyGets429WhileAnotherAgencysStreamGoesThrough() throws Exception {
        MeterRegistry meters = network.bean("gateway", MeterRegistry.class);
        HttpClient jetty = jetty("agency-nenkin");
        try {
            double admitted = forwarded(meters);
            // the agency class allows 2 streams at once: both are held open, one line sent, the rest pending
            List<HeldStream> held = List.of(open(jetty), open(jetty));
            await().atMost(Duration.ofSeconds(30)).until(() -> forwarded(meters) == admitted + 2);
            double refusedBefore = rateLimited("agency-batch-lookups", "agency", "concurrent-streams");

            ResponseEntity<Map> third = network.client("gateway", "agency-nenkin").post().uri(BATCH)
                    .contentType(NDJSON).accept(NDJSON).body(lookup(1)).retrieve().toEntity(Map.class);
            assertTooManyRequests(third);
            assertThat(rateLimited("agency-batch-lookups", "agency", "concurrent-streams")).isEqualTo(refusedBefore + 1);

            ResponseEntity<String> other = network.client("gateway", "agency-nta").post().uri(BATCH)
                    .contentType(NDJSON).accept(NDJSON).body(lookup(2)).retrieve().toEntity(String.class);
            assertThat(other.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(other.getBody().lines().filter(line -> !line.isBlank())).hasSize(1);

            for (HeldStream stream : held) {
                assertThat(stream.finish()).hasSize(1);
            }
            // the places are given back: the agency streams again
            ResponseEntity<String> again = network.client("gateway", "agency-nenkin").post().uri(BATCH)
                    .contentType(NDJSON).accept(NDJSON).body(lookup(3)).retrieve().toEntity(String.class);
            assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        } finally {
            jetty.stop();
        }
    }

    /**
     * Sends the request until the gateway refuses it. The limits are per second; one client in a loop
     * (its TLS connection kept) sends far faster, so the refusal comes within the first seconds.
     */
    private static ResponseEntity<Map> firstRefusal(Supplier<ResponseEntity<Map>> request) {
        for (int i = 0; i < 1_000; i++) {
            ResponseEntity<Map> answer = request.get();
            if (answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
                return answer;
            }
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        throw new AssertionError("1,000 requests in a row were let through");
    }

    private static void assertTooManyRequests(ResponseEntity<Map> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(answer.getBody()).containsEntry("type", "urn:jukinet:problem:rate-limited").containsEntry("status", 429);
    }

    private static String lookup(int serial) {
        return "{\"basis\":\"" + BASIS + "\",\"residentCode\":\"" + ResidentCode.fromSerial(3_800_000_000L + serial).value()
                + "\"}\n";
    }

    private static double rateLimited(String route, String callerClass, String limit) {
        return network.bean("gateway", MeterRegistry.class).find("jukinet.gateway.rate-limited").tag("route", route)
                .tag("class", callerClass).tag("limit", limit).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double counter(String name, String route, String callerClass) {
        return network.bean("gateway", MeterRegistry.class).find(name).tag("route", route).tag("class", callerClass)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double forwarded(MeterRegistry meters) {
        return meters.find("jukinet.gateway.forwarded").tag("route", "agency-batch-lookups").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    /** A full-duplex client with the agency's certificate, as an agency's batch client would be. */
    private static HttpClient jetty(String identity) throws Exception {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(TestPki.bundle(TestPki.certificate(identity), TestPki.ca().caCertificatePath()).createSslContext());
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.start();
        return client;
    }

    /** A batch whose first line is sent and whose end is not: it holds its place at the gateway until finished. */
    private HeldStream open(HttpClient jetty) throws Exception {
        OutputStreamRequestContent content = new OutputStreamRequestContent(NDJSON.toString());
        InputStreamResponseListener listener = new InputStreamResponseListener();
        jetty.newRequest(network.baseUrl("gateway") + BATCH).method("POST")
                .headers(headers -> headers.put("Accept", NDJSON.toString()))
                .idleTimeout(2, TimeUnit.MINUTES)
                .body(content).send(listener);
        content.getOutputStream().write(lookup(4).getBytes(StandardCharsets.US_ASCII));
        content.getOutputStream().flush();
        return new HeldStream(content, listener);
    }

    private record HeldStream(OutputStreamRequestContent content, InputStreamResponseListener listener) {

        /** Ends the batch and reads its answers. */
        List<String> finish() throws Exception {
            content.getOutputStream().close();
            assertThat(listener.get(60, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
            List<String> answers = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                    StandardCharsets.UTF_8))) {
                reader.lines().filter(line -> !line.isBlank()).forEach(answers::add);
            }
            return answers;
        }
    }
}
