package jp.jukinet.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shipped limits ({@code gateway-policy.yaml}) cover every caller class, and the actuator
 * answers operators only. The callers name themselves in {@code X-JukiNet-Caller} (this module
 * runs without TLS; {@link CallerCertificates} gives them their certificates); the real mutual-TLS
 * path is proved in network-tests ({@code GatewayLimitsTest}, {@code GatewayFirewallTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // nothing listens there: what the gateway lets through fails fast with 502, and a refusal is the gateway's own
        "jukinet.gateway.nodes.national=http://127.0.0.1:9",
        "jukinet.gateway.nodes.cs-131016=http://127.0.0.1:9"})
@Import(CallerCertificates.class)
class GatewayLimitsTest {

    @Autowired
    GatewayPolicy policy;

    @Autowired
    MeterRegistry meters;

    @Value("${local.server.port}")
    int port;

    @Test
    void everyCallerClassOfTheNetworkHasLimitsAndAnyoneElseTheStrictest() {
        assertThat(classOf("clerk-131016")).isEqualTo("clerk");
        assertThat(classOf("resident-12345678906")).isEqualTo("resident");
        assertThat(classOf("agency-nenkin")).isEqualTo("agency");
        assertThat(classOf("agency-lg131016-kokuho")).isEqualTo("agency");
        assertThat(classOf("cs-131016")).isEqualTo("municipal-node");
        assertThat(classOf("pref-13")).isEqualTo("prefectural-node");
        assertThat(classOf("national")).isEqualTo("prefectural-node");
        assertThat(classOf("operator-local")).isEqualTo("operator");
        for (String stranger : new String[] {"gateway", "clerk-1310169", "resident-123", "cs-131016-x", "auditor-1"}) {
            assertThat(policy.limits().resolve(stranger)).as(stranger)
                    .isEqualTo(new GatewayPolicy.Resolved("default", new GatewayPolicy.Figures(1, 1, 1, 1)));
        }
        // the clerks' batches: the local cluster's seeding sends 4 at a time, ~1,200 lines/s
        GatewayPolicy.Figures clerk = policy.limits().resolve("clerk-271004").figures();
        assertThat(clerk.concurrentStreams()).isGreaterThanOrEqualTo(4);
        assertThat(clerk.linesPerSecond()).isGreaterThanOrEqualTo(5_000);
    }

    @Test
    void aResidentOverTheirRateGets429ProblemWithRetryAfter() {
        RestClient resident = client("resident-12345678906");
        double before = rateLimited("resident-provision-records", "resident");
        ResponseEntity<Map> refused = null;
        // 10 a second: at the speed of a loop, a refusal comes long before the thousandth request
        for (int i = 0; i < 1_000 && refused == null; i++) {
            ResponseEntity<Map> answer = resident.get().uri("/api/v1/national/provision-records").retrieve().toEntity(Map.class);
            if (answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
                refused = answer;
            } else {
                assertThat(answer.getStatusCode().value()).isEqualTo(502); // let through to a national server that is not there
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(refused.getBody()).containsEntry("type", "urn:jukinet:problem:rate-limited");
        assertThat((String) refused.getBody().get("detail")).contains("resident-***").doesNotContain("12345678906");
        assertThat(rateLimited("resident-provision-records", "resident")).isGreaterThan(before);
    }

    @Test
    void theActuatorBeyondHealthAnswersOperatorsOnly() {
        assertThat(client("agency-nenkin").get().uri("/actuator/health").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(client("agency-nenkin").get().uri("/actuator/health/liveness").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String path : new String[] {"/actuator/metrics", "/actuator/info", "/actuator", "/actuator/metrics/jvm.threads.live",
                "/actuator/health/../metrics", "//actuator/metrics", "/actuator;x=1/metrics"}) {
            ResponseEntity<Map> refused = client("agency-nenkin").get().uri(URI.create("http://localhost:" + port + path))
                    .retrieve().toEntity(Map.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(path).isTrue();
        }
        assertThat(client("clerk-131016").get().uri("/actuator/metrics").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client("operator-local").get().uri("/actuator/metrics").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(client("operator-local").get().uri("/actuator/info").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(meters.find("jukinet.gateway.denied").tag("reason", "actuator").counter().count()).isPositive();
    }

    @Test
    void aZoneCrossingWhosePathMeansSomethingElseOnceNormalisedIsDenied() {
        // each would match agency-lookups or a clerk's route as written, and land elsewhere at the backend
        for (String path : new String[] {"/api/v1/national/lookups/../provision-records",
                "/api/v1/municipalities/131016/residents/..;/..;/131130/residents/12345678903",
                "/api/v1/national/%6cookups", "/api/v1/national//lookups"}) {
            ResponseEntity<Map> refused = client("clerk-131016").post().uri(URI.create("http://localhost:" + port + path))
                    .retrieve().toEntity(Map.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(meters.find("jukinet.gateway.denied").tag("reason", "non-canonical-path").counter().count())
                .isEqualTo(4);
    }

    private String classOf(String caller) {
        return policy.limits().resolve(caller).callerClass();
    }

    private double rateLimited(String route, String callerClass) {
        return meters.find("jukinet.gateway.rate-limited").tag("route", route).tag("class", callerClass).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private RestClient client(String caller) {
        // the JDK's client: Apache HttpClient would wait out a 429's Retry-After and ask again, unseen
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory())
                .defaultHeader(FirewallFilter.CALLER_HEADER, caller)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }
}
