package jp.jukinet.prefecture.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * Prefecture 13's numbering relay with mutual TLS, reached through the gateway as in production:
 * it relays a request only from the CS of the municipality the request names, and only for a
 * municipality of its own prefecture. Anything else is refused with 403 naming the field, counted,
 * and never reaches J-LIS (stood in for by a server that records what arrives).
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "jukinet.prefecture.prefecture=13")
class NumberingRelayTest {

    private static final HttpsServer J_LIS = jLis();
    private static final ConcurrentLinkedQueue<String> RELAYED = new ConcurrentLinkedQueue<>();

    private static final String CODE = "10000000006";
    private static final String NAME = """
            "name":{"family":"山田","given":"花子","familyKana":"ヤマダ","givenKana":"ハナコ"},"dateOfBirth":"1990-01-01","sex":"FEMALE\"""";

    @DynamicPropertySource
    static void pki(DynamicPropertyRegistry registry) {
        TestPki.registerNode(registry, "pref-13");
        registry.add("jukinet.outbox.uplink", () -> "https://localhost:" + J_LIS.getAddress().getPort());
    }

    @AfterAll
    static void stopJLis() {
        J_LIS.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    RestClient gateway;

    @BeforeEach
    void client() {
        gateway = TestPki.client("https://localhost:" + port, "gateway");
        RELAYED.clear();
    }

    record Answer(int status, JsonNode body) {
    }

    // Attack 1 of issue #12: the relay checked no caller on My Number requests.

    @Test
    void aCsThatNamesAnotherMunicipalityIsNotRelayed() {
        double before = refused("caller");
        for (String path : List.of("my-numbers", "resident-code-blocks", "registration-checks")) {
            Answer answer = post("cs-131016", path, body(path, "131130"));
            assertProblem(answer, 403, "municipality");
        }
        // a CS of another prefecture naming itself, sent to this prefecture's relay
        assertProblem(post("cs-271004", "my-numbers", body("my-numbers", "131016")), 403, "municipality");
        assertThat(RELAYED).isEmpty();
        assertThat(refused("caller")).isEqualTo(before + 4);
    }

    @Test
    void aMunicipalityOfAnotherPrefectureIsNotRelayedEvenForItsOwnCs() {
        double before = refused("prefecture");
        for (String path : List.of("my-numbers", "resident-code-blocks", "registration-checks")) {
            assertProblem(post("cs-271004", path, body(path, "271004")), 403, "municipality");
        }
        assertThat(RELAYED).isEmpty();
        assertThat(refused("prefecture")).isEqualTo(before + 3);
    }

    @Test
    void nobodyButTheMunicipalitysCsIsRelayed() {
        for (String caller : List.of("clerk-131016", "pref-13", "pref-27", "agency-nenkin", "resident-" + CODE)) {
            assertProblem(post(caller, "my-numbers", body("my-numbers", "131016")), 403, "municipality");
        }
        assertThat(RELAYED).isEmpty();
    }

    @Test
    void aMyNumberRequestWithoutMunicipalityIsRefusedNamingTheField() {
        assertProblem(post("cs-131016", "my-numbers",
                "{\"requestId\":\"" + UUID.randomUUID() + "\",\"residentCodes\":[\"" + CODE + "\"],\"reissue\":false}"),
                400, "municipality");
        assertThat(RELAYED).isEmpty();
    }

    @Test
    void aCsIsRelayedForItsOwnMunicipalityWithTheMunicipalityItNamed() {
        for (String path : List.of("my-numbers", "resident-code-blocks", "registration-checks")) {
            Answer answer = post("cs-131016", path, body(path, "131016"));
            assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
            assertThat(answer.body().path("relayed").asBoolean()).isTrue();
        }
        assertThat(RELAYED).hasSize(3).allSatisfy(body -> assertThat(JukiNetJson.mapper().readTree(body)
                .path("municipality").asString()).isEqualTo("131016"));
    }

    // F8, the rebuild of J-LIS: the prefectures' copies of the blocks are what restores J-LIS's allocations
    @Test
    void aRelayedBlockIsCopiedBeforeTheCsGetsItAndOnceForARetry() {
        String request = body("resident-code-blocks", "131016");
        Answer first = post("cs-131016", "resident-code-blocks", request);
        Answer again = post("cs-131016", "resident-code-blocks", request);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.body().path("blockId").asString()).isEqualTo(first.body().path("blockId").asString());
        String requestId = JukiNetJson.mapper().readTree(request).path("requestId").asString();
        List<String> copied = jdbc.sql("""
                        SELECT municipality || ' ' || array_to_string(codes, ',') FROM relayed_code_blocks
                        WHERE request_id = CAST(:id AS uuid)""").param("id", requestId).query(String.class).list();
        assertThat(copied).containsExactly("131016 " + String.join(",", BLOCK_CODES));
    }

    @Test
    void aBlockOfAnotherMunicipalityIsNeitherCopiedNorHandedOut() {
        Answer answer = post("cs-131016", "resident-code-blocks", body("resident-code-blocks", "131016")
                .replace("\"size\":10", "\"size\":" + WRONG_MUNICIPALITY_SIZE));
        assertThat(answer.status()).isEqualTo(503);
        assertThat(jdbc.sql("SELECT count(*) FROM relayed_code_blocks WHERE municipality = '131130'")
                .query(Long.class).single()).isZero();
    }

    private static String body(String path, String municipality) {
        return switch (path) {
            case "my-numbers" -> "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"" + municipality
                    + "\",\"residentCodes\":[\"" + CODE + "\"],\"reissue\":true}";
            case "resident-code-blocks" -> "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\""
                    + municipality + "\",\"size\":10}";
            default -> "{\"municipality\":\"" + municipality + "\"," + NAME + "}";
        };
    }

    private Answer post(String caller, String path, String json) {
        return gateway.post().uri("/internal/v1/numbering/" + path).header(PeerIdentityFilter.CALLER_HEADER, caller)
                .contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        JukiNetJson.mapper().readTree(response.getBody().readAllBytes())));
    }

    private static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.body().path("type").asString()).startsWith("urn:jukinet:problem:");
        assertThat(answer.body().path("field").asString()).isEqualTo(field);
    }

    private double refused(String reason) {
        return meters.find(NumberingRelay.REFUSED).tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** The codes of every block the stand-in answers (valid resident codes: ten digits and the check digit). */
    private static final List<String> BLOCK_CODES = List.of("10000000006", "10000000014", "10000000022");
    /** A block request of this size is answered with a block of 131130 (a J-LIS gone wrong, or an answer tampered with). */
    private static final int WRONG_MUNICIPALITY_SIZE = 9;

    /**
     * J-LIS as the relay sees it: whatever arrives is recorded and answered 200; a block request with
     * the block {@link #BLOCK_CODES} (its id derived from the request id, as J-LIS answers a retry with
     * the same block), for the municipality asked (for another one at {@link #WRONG_MUNICIPALITY_SIZE}).
     */
    private static HttpsServer jLis() {
        try {
            // the stand-in presents J-LIS's certificate of the test CA, as the relay's mutual TLS client expects
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestPki.bundle(TestPki.certificate("national"),
                    TestPki.ca().caCertificatePath()).createSslContext()));
            server.createContext("/internal/v1/numbering/", exchange -> {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                RELAYED.add(request);
                String json = "{\"relayed\":true}";
                if (exchange.getRequestURI().getPath().endsWith("/resident-code-blocks")) {
                    JsonNode asked = JukiNetJson.mapper().readTree(request);
                    String municipality = asked.path("size").asInt() == WRONG_MUNICIPALITY_SIZE ? "131130"
                            : asked.path("municipality").asString();
                    UUID blockId = UUID.nameUUIDFromBytes(asked.path("requestId").asString().getBytes(StandardCharsets.UTF_8));
                    json = "{\"relayed\":true,\"blockId\":\"" + blockId + "\",\"municipality\":\"" + municipality
                            + "\",\"codes\":[\"" + String.join("\",\"", BLOCK_CODES) + "\"]}";
                }
                byte[] answer = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
