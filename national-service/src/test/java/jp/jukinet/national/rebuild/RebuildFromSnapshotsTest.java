package jp.jukinet.national.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
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

import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestPki;

/**
 * J-LIS started to be rebuilt ({@code jukinet.national.rebuild.start}) on an empty register, with a
 * stand-in for the gateway and prefecture 13 that serves whatever snapshot the test sets: closed
 * while rebuilding, a snapshot cut off or holding another prefecture's record loads nothing, a whole
 * one loads, and a register that holds anything is never rebuilt into.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = {"jukinet.national.rebuild.start=true", "jukinet.national.rebuild.sources=pref-13"})
class RebuildFromSnapshotsTest {

    private static volatile String snapshot = "";
    private static final HttpsServer PREFECTURE = prefecture();

    private static final String CODE = "10000000006";
    private static final String UNUSED_CODE = "10000000014";
    private static final String HEAD = """
            {"kind":"head","prefecture":"13","outboxHead":7,"appliedThrough":{"cs-131016":7},"takenAt":"2026-12-03T00:00:00Z","holdsData":true}
            """;

    @DynamicPropertySource
    static void pki(DynamicPropertyRegistry registry) {
        TestPki.registerNode(registry, "national");
        registry.add("jukinet.national.rebuild.gateway", () -> "https://localhost:" + PREFECTURE.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        PREFECTURE.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NationalRebuild rebuild;

    @Test
    @SuppressWarnings("unchecked")
    void onlyAWholeSnapshotOfThePrefecturesOwnRecordsIsLoadedAndOnlyIntoAnEmptyRegister() throws Exception {
        RestClient operator = TestPki.client("https://localhost:" + port, "operator-local");
        assertThat(operator.get().uri("/actuator/rebuild").retrieve().body(Map.class)).containsEntry("state", "REBUILDING");
        // closed: numbering through the gateway answers 503, whatever it asks
        int numbering = TestPki.throughGateway("https://localhost:" + port, "pref-13").post()
                .uri("/internal/v1/numbering/my-numbers").contentType(MediaType.APPLICATION_JSON).body("{}")
                .retrieve().toEntity(String.class).getStatusCode().value();
        assertThat(numbering).isEqualTo(503);

        // cut off: no end line
        snapshot = HEAD + resident("131016") + "\n";
        assertThat(run(operator)).containsEntry("outcome", "FAILED").extractingByKey("problem").asString().contains("cut off");
        assertNothingLoaded();

        // a record of a municipality of another prefecture
        snapshot = HEAD + resident("271004") + "\n" + end(1, 0, 0) + "\n";
        assertThat(run(operator)).containsEntry("outcome", "FAILED").extractingByKey("problem").asString()
                .contains("another prefecture");
        assertNothingLoaded();

        // counts that differ from the lines carried
        snapshot = HEAD + resident("131016") + "\n" + end(2, 0, 0) + "\n";
        assertThat(run(operator)).containsEntry("outcome", "FAILED");
        assertNothingLoaded();

        // whole and its own: loaded, numbering restored, serving
        snapshot = HEAD + resident("131016") + "\n" + history() + "\n" + block() + "\n" + end(1, 1, 1) + "\n";
        assertThat(run(operator)).containsEntry("outcome", "REBUILT");
        assertThat(operator.get().uri("/actuator/rebuild").retrieve().body(Map.class)).containsEntry("state", "SERVING");
        assertThat(count("SELECT count(*) FROM residents")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM resident_history WHERE source = 'pref-13' AND source_sequence = 5")).isEqualTo(1);
        assertThat(count("SELECT applied_through FROM inbound_progress WHERE source = 'pref-13'")).isEqualTo(7);
        assertThat(count("SELECT count(*) FROM allocated_resident_codes WHERE municipality = '131016'")).isEqualTo(2);
        // the register's number is recorded as issued (current); the unused code got the number J-LIS would issue it
        assertThat(count("SELECT count(*) FROM issued_my_numbers WHERE my_number = '123456789018' AND retired_at IS NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM issued_my_numbers WHERE resident_code = '" + UNUSED_CODE + "'")).isEqualTo(1);

        // never into a register that holds anything
        assertThat(operator.post().uri("/actuator/rebuild").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(409);
    }

    private Map<String, Object> run(RestClient operator) throws InterruptedException {
        assertThat(operator.post().uri("/actuator/rebuild").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(202);
        rebuild.awaitRun();
        NationalRebuild.Run last = rebuild.last();
        return Map.of("outcome", last.outcome(), "problem", String.valueOf(last.problem()));
    }

    private void assertNothingLoaded() {
        for (String table : new String[] {"residents", "resident_history", "rebuild_residents", "rebuild_loads",
                "allocated_resident_codes", "issued_my_numbers", "inbound_progress"}) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isZero();
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static String identity(String municipality) {
        return "{\\\"residentCode\\\":\\\"" + CODE + "\\\",\\\"myNumber\\\":\\\"123456789018\\\",\\\"municipality\\\":\\\""
                + municipality + "\\\"}";
    }

    private static String resident(String municipality) {
        return "{\"kind\":\"resident\",\"residentCode\":\"" + CODE + "\",\"myNumber\":\"123456789018\",\"prefecture\":\""
                + municipality.substring(0, 2) + "\",\"municipality\":\"" + municipality + "\",\"normalizedName\":\"ヤマダハナコ\","
                + "\"dateOfBirth\":\"1990-01-01\",\"sex\":\"FEMALE\",\"status\":\"ACTIVE\",\"identity\":\""
                + identity(municipality) + "\",\"lastChangeId\":\"" + CHANGE + "\",\"updatedAt\":\"2026-12-01T00:00:00Z\","
                + "\"retentionUntil\":\"2176-12-01\"}";
    }

    private static final UUID CHANGE = UUID.randomUUID();

    private static String history() {
        return "{\"kind\":\"history\",\"changeId\":\"" + CHANGE + "\",\"residentCode\":\"" + CODE + "\",\"sequence\":5,"
                + "\"reason\":\"BIRTH\",\"effectiveDate\":\"2026-12-01\",\"notifiedDate\":\"2026-12-01\",\"identity\":\""
                + identity("131016") + "\",\"previousResidentCode\":null,\"recordedAt\":\"2026-12-01T00:00:00Z\","
                + "\"receivedOn\":\"2026-12-01\",\"retentionUntil\":\"2176-12-01\"}";
    }

    private static String block() {
        return "{\"kind\":\"block\",\"blockId\":\"" + UUID.randomUUID() + "\",\"requestId\":\"" + UUID.randomUUID()
                + "\",\"municipality\":\"131016\",\"codes\":[\"" + CODE + "\",\"" + UNUSED_CODE + "\"],"
                + "\"relayedAt\":\"2026-11-30T00:00:00Z\"}";
    }

    private static String end(int residents, int history, int blocks) {
        return "{\"kind\":\"end\",\"residents\":" + residents + ",\"history\":" + history + ",\"retiredCodes\":0,\"blocks\":"
                + blocks + "}";
    }

    /** The gateway and prefecture 13 as J-LIS sees them: the snapshot the test set, to J-LIS's client certificate. */
    private static HttpsServer prefecture() {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestPki.bundle(TestPki.certificate("gateway"),
                    TestPki.ca().caCertificatePath()).createSslContext()));
            server.createContext("/internal/v1/prefectures/13/snapshot", exchange -> {
                byte[] answer = snapshot.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
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
