package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;

import jp.jukinet.testsupport.TestPki;

/**
 * What operators see of the running network (issue #17): one trace from a clerk's request at a CS,
 * through the gateway, the prefecture and the gateway again, to J-LIS applying the notice, although
 * the notice waits in two outboxes on the way; and each node's Prometheus metrics with the domain
 * meters, readable by operators only.
 */
class ObservabilityNetworkTest {

    private static final String LG = "131016";
    private static final String SHIBUYA = "131130";
    private static LocalNetwork network;

    @BeforeAll
    static void startNetwork() {
        TestPki.certificate("operator-local");
        network = new LocalNetwork();
        for (String node : List.of("gateway", "national", "pref-13", "cs-" + LG, "cs-" + SHIBUYA)) {
            network.withSource(node, RecordedSpans.class);
        }
        network.national().prefecture("13").cs(LG).cs(SHIBUYA).startAll();
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    /** Every span each node finishes, with the node's name: what an exporter would send to a trace store. */
    @Configuration(proxyBeanMethods = false)
    static class RecordedSpans {

        record Recorded(String node, String traceId, String name, String kind) {
        }

        static final Queue<Recorded> SPANS = new ConcurrentLinkedQueue<>();

        @Bean
        SpanReporter recordingSpanReporter(Environment environment) {
            String node = environment.getProperty("info.node", "?");
            return (FinishedSpan span) -> SPANS.add(new Recorded(node, span.getTraceId(), span.getName(),
                    String.valueOf(span.getKind())));
        }

        static List<Recorded> of(String traceId) {
            return SPANS.stream().filter(span -> span.traceId().equals(traceId)).toList();
        }
    }

    @Test
    void aBirthRegisteredAtACsIsOneTraceFromTheClerksRequestToJLisApplyingIt() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceParent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
        ResponseEntity<Map> birth = network.client("cs-" + LG).post().uri("/api/v1/municipalities/" + LG + "/notifications")
                .contentType(MediaType.APPLICATION_JSON).header("traceparent", traceParent)
                .body(Map.of("type", "BIRTH", "effectiveDate", Clerks.today(),
                        "person", Map.of("name", Map.of("family", "追跡", "given", "一郎", "familyKana", "ツイセキ",
                                        "givenKana", "イチロウ"),
                                "dateOfBirth", Clerks.today(), "sex", "MALE",
                                "address", Map.of("text", Clerks.ADDRESSES.get(LG)))))
                .retrieve().toEntity(Map.class);
        assertThat(birth.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // the CS's request, its delivery through the gateway to the prefecture, the prefecture's to J-LIS: one trace
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<RecordedSpans.Recorded> spans = RecordedSpans.of(traceId);
            Set<String> nodes = spans.stream().map(RecordedSpans.Recorded::node).collect(Collectors.toSet());
            assertThat(nodes).as("%s", spans).contains("gateway", "cs-" + LG, "pref-13", "national");
            assertThat(spans).as("J-LIS received the notice in the clerk's trace")
                    .anyMatch(span -> span.node().equals("national") && span.kind().equals("SERVER")
                            && span.name().contains("/internal/v1/notices"));
            assertThat(spans).as("the prefecture delivered it from its outbox in the same trace")
                    .anyMatch(span -> span.node().equals("pref-13") && span.name().equals("notice delivery"));
            assertThat(spans).as("and the CS from its own")
                    .anyMatch(span -> span.node().equals("cs-" + LG) && span.name().equals("notice delivery"));
        });
    }

    /** A card-based 転出届 at 千代田区 reaches 渋谷区's CS, CS to CS through the gateway, in the clerk's trace. */
    @Test
    void aCardBasedMoveOutIsOneTraceFromTheClerksRequestToTheDestinationsCs() {
        String code = (String) new Clerks(network).newResident(LG).get("residentCode");
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        ResponseEntity<Map> moveOut = network.client("cs-" + LG).post().uri("/api/v1/municipalities/" + LG + "/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                .body(Clerks.moveOutBody(code, SHIBUYA, Clerks.daysFromToday(3))).retrieve().toEntity(Map.class);
        assertThat(moveOut.getStatusCode()).as("%s", moveOut.getBody()).isEqualTo(HttpStatus.CREATED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<RecordedSpans.Recorded> spans = RecordedSpans.of(traceId);
            assertThat(spans).as("千代田区 delivered the move's message from its peer outbox in the clerk's trace")
                    .anyMatch(span -> span.node().equals("cs-" + LG) && span.name().equals("peer delivery"));
            assertThat(spans).as("渋谷区 received it in the same trace: %s", spans)
                    .anyMatch(span -> span.node().equals("cs-" + SHIBUYA) && span.kind().equals("SERVER"));
        });
    }

    @Test
    void operatorsReadEveryNodesPrometheusMetricsWithTheDomainMetersAndNoOneElseDoes() {
        Map<String, Object> person = new Clerks(network).newResident(LG);
        String code = (String) person.get("residentCode");
        await().atMost(Duration.ofSeconds(60)).until(() -> network.database("national")
                .sql("SELECT count(*) FROM residents WHERE resident_code = ?").param(code).query(Long.class).single() == 1);

        Map<String, List<String>> expected = Map.of(
                "cs-" + LG, List.of("jukinet_notices_delivered_total", "jukinet_outbox_pending", "jukinet_outbox_lag_seconds",
                        "http_server_requests_seconds_count"),
                "pref-13", List.of("jukinet_notices_received_total{from=\"cs-" + LG + "\"", "jukinet_notices_delivered_total",
                        "jukinet_outbox_pending", "jukinet_outbox_lag_seconds"),
                "national", List.of("jukinet_notices_received_total{from=\"pref-13\""),
                "gateway", List.of("jukinet_gateway_forwarded_total"));
        for (Map.Entry<String, List<String>> node : expected.entrySet()) {
            String text = prometheus(node.getKey(), "operator-local");
            for (String meter : node.getValue()) {
                assertThat(text).as("%s exposes %s", node.getKey(), meter).contains(meter);
            }
            assertThat(text).as("no resident code in %s's metrics", node.getKey()).doesNotContain(code);
        }
        // the notice reached J-LIS: the prefecture's outbox is empty again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus("pref-13", "operator-local"))
                .containsPattern("(?m)^jukinet_outbox_pending(\\{[^}]*\\})? 0\\.0$"));

        // anyone but an operator is refused, on a direct connection and through the gateway
        for (String intruder : List.of("clerk-" + LG, "cs-" + LG, "pref-13", "national", "agency-nenkin")) {
            TransportSecurityTest.assertForbidden(network.client("pref-13", intruder).get().uri("/actuator/prometheus")
                    .retrieve().toEntity(String.class));
        }
        TransportSecurityTest.assertForbidden(TestPki.throughGateway(network.baseUrl("national"), "operator-local").get()
                .uri("/actuator/prometheus").retrieve().toEntity(String.class));
    }

    private static String prometheus(String node, String identity) {
        ResponseEntity<String> response = network.client(node, identity).get().uri("/actuator/prometheus")
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode()).as("%s's /actuator/prometheus", node).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * The Grafana dashboard of docker compose (docker/grafana/dashboards/jukinet.json) asks only for meters the
     * nodes expose: each metric its queries name is in the Prometheus text of a running node (once the network
     * has done what creates it: a registration, a lookup, a refusal, a consistency check).
     */
    @Test
    void theDashboardsQueriesNameOnlyMetersTheNodesExpose() throws java.io.IOException {
        Map<String, Object> person = new Clerks(network).newResident(LG);
        String code = (String) person.get("residentCode");
        await().atMost(Duration.ofSeconds(60)).until(() -> network.database("national")
                .sql("SELECT count(*) FROM residents WHERE resident_code = ?").param(code).query(Long.class).single() == 1);
        ResponseEntity<Map> provided = network.client("gateway", "agency-nenkin").post().uri("/api/v1/national/lookups")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("basis", "nenkin-30-9-same-address", "residentCode", code)).retrieve().toEntity(Map.class);
        assertThat(provided.getStatusCode()).as("%s", provided.getBody()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> notItsRule = network.client("gateway", "agency-nenkin").post().uri("/api/v1/national/lookups")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("basis", "nta-30-9-refund-notice", "residentCode", code)).retrieve().toEntity(Map.class);
        assertThat(notItsRule.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // the gateway's own refusal: an agency asking for an endpoint no route of the policy lists
        TransportSecurityTest.assertForbidden(network.client("gateway", "agency-nenkin").get()
                .uri("/internal/v1/notices/sent?source=pref-13&after=0&limit=1").retrieve().toEntity(String.class));
        ResponseEntity<Map> check = network.client("pref-13", "operator-local").post()
                .uri("/actuator/consistency/" + LG + "/check").retrieve().toEntity(Map.class);
        assertThat(check.getStatusCode()).as("%s", check.getBody()).isEqualTo(HttpStatus.OK);

        Set<String> exposed = new java.util.TreeSet<>(Set.of("up")); // Prometheus's own, per target
        for (String node : List.of("gateway", "national", "pref-13", "cs-" + LG)) {
            prometheus(node, "operator-local").lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        tools.jackson.databind.JsonNode dashboard = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "docker", "grafana", "dashboards", "jukinet.json")));
        List<String> queries = dashboard.findValues("expr").stream().map(tools.jackson.databind.JsonNode::asString).toList();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        for (String query : queries) {
            assertThat(metricsNamedIn(query)).as("the metrics of %s", query).isNotEmpty()
                    .allSatisfy(metric -> assertThat(exposed).as("a node exposes %s (asked by %s)", metric, query).contains(metric));
        }
        // the domain meters the issue names are on the dashboard
        String all = String.join("\n", queries);
        assertThat(all).contains("jukinet_notices_delivered_total", "jukinet_notices_received_total", "jukinet_outbox_pending",
                "jukinet_outbox_lag_seconds", "jukinet_inbox_parked", "jukinet_provisions_total", "jukinet_gateway_denied_total",
                "jukinet_refusals_total", "jukinet_consistency_differences");
    }

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "avg", "min", "max", "count", "rate", "irate", "increase",
            "histogram_quantile", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "by", "without", "on", "ignoring",
            "group_left", "group_right", "and", "or", "unless", "offset", "bool");

    /** The metric names a PromQL query reads: its identifiers, less label matchers, ranges, groupings and functions. */
    static Set<String> metricsNamedIn(String query) {
        String bare = query.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        java.util.regex.Matcher identifiers = java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        Set<String> names = new java.util.TreeSet<>();
        while (identifiers.find()) {
            if (!PROMQL_WORDS.contains(identifiers.group())) {
                names.add(identifiers.group());
            }
        }
        return names;
    }
}
