package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.testsupport.PostgresServer;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The rebuild of J-LIS from the prefecture servers after the total loss of its database (F8,
 * 都道府県サーバの全国サーバのバックアップ機能): the national database is dropped and created again
 * empty, J-LIS starts on it, finds from the prefectures' heads that it was lost and stays REBUILDING
 * (503 to notices and numbering) while the CSs keep registering,
 * an operator rebuilds it, and it ends equal to the prefectures (same residents and histories),
 * with the notices that waited applied once, and a numbering state from which no resident code or
 * My Number issued before is issued again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NationalRebuildTest {

    private static final String OPERATOR = "operator-local";
    private static final List<String> CSS = List.of("131016", "271004");

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27").cs("131016").cs("271004");
        network.property("national", "jukinet.national.rebuild.sources", "pref-13,pref-27")
                .property("national", "jukinet.national.rebuild.gateway", network.baseUrl("gateway"));
        // small blocks, so that the births after the rebuild need blocks from the rebuilt J-LIS
        CSS.forEach(lg -> network.property("cs-" + lg, "jukinet.cs.code-block-size", 3));
        network.startAll();
        clerks = new Clerks(network);
        // J-LIS started on an empty register: it serves once every prefecture has said it holds nothing (a new network)
        awaitState("SERVING");
    }

    private static void awaitState(String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(network.client("national", OPERATOR).get()
                .uri("/actuator/rebuild").retrieve().body(Map.class)).containsEntry("state", state));
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    @Order(1)
    void onlyTheNationalServerTakesAPrefecturesRegister() {
        // every other node's real certificate, through the gateway: deny by default (no route lets them)
        for (String other : List.of("pref-27", "cs-131016", "clerk-131016", "agency-nenkin", OPERATOR)) {
            HttpStatusCode status = network.client("gateway", other).get().uri("/internal/v1/prefectures/13/snapshot")
                    .exchange((request, response) -> response.getStatusCode());
            assertThat(status).as(other).isEqualTo(HttpStatus.FORBIDDEN);
        }
        // and J-LIS's own certificate straight at the prefecture, around the gateway: the prefecture takes only the gateway
        HttpStatusCode direct = network.client("pref-13", "national").get().uri("/internal/v1/prefectures/13/snapshot")
                .exchange((request, response) -> response.getStatusCode());
        assertThat(direct).isEqualTo(HttpStatus.FORBIDDEN);
        // J-LIS through the gateway: a snapshot, head first and end last
        String snapshot = network.client("gateway", "national").get().uri("/internal/v1/prefectures/13/snapshot")
                .retrieve().body(String.class);
        String[] lines = snapshot.split("\n");
        assertThat(lines[0]).contains("\"kind\":\"head\"").contains("\"prefecture\":\"13\"");
        assertThat(lines[lines.length - 1]).contains("\"kind\":\"end\"");
    }

    @Test
    @Order(2)
    void jLisIsRebuiltFromThePrefecturesWhileTheCsKeepRegistering() throws Exception {
        // residents and histories before the loss: arrivals, a move within, a change of My Number, of resident code, a death
        List<String> codes = new ArrayList<>();
        for (String lg : CSS) {
            for (int i = 0; i < 4; i++) {
                codes.add((String) clerks.newResident(lg).get("residentCode"));
            }
        }
        String renumbered = codes.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> clerks.count("national",
                "SELECT count(*) FROM residents WHERE resident_code = '" + renumbered + "'") == 1);
        created(clerks.notify("131016", null, Map.of("type", "MY_NUMBER_CHANGE", "effectiveDate", Clerks.today(),
                "residentCode", renumbered)));
        created(clerks.notify("131016", null, Map.of("type", "RESIDENT_CODE_CHANGE", "effectiveDate", Clerks.today(),
                "residentCode", codes.get(1))));
        created(clerks.notify("271004", null, Map.of("type", "DEATH", "effectiveDate", Clerks.today(),
                "residentCode", codes.get(4))));
        created(moveWithin("271004", codes.get(5), "大阪府大阪市北区中之島1丁目3番20号"));
        CSS.forEach(lg -> NoticeChainTest.awaitSameEverywhere(network, "cs-" + lg));
        Set<String> allocatedBefore = Set.copyOf(network.database("national")
                .sql("SELECT resident_code FROM allocated_resident_codes").query(String.class).list());
        Set<String> issuedBefore = Set.copyOf(network.database("national")
                .sql("SELECT my_number FROM issued_my_numbers").query(String.class).list());
        Set<String> heldBefore = Set.copyOf(network.database("national")
                .sql("SELECT resident_code FROM resident_history").query(String.class).list());
        assertThat(issuedBefore).hasSizeGreaterThan(8); // the retired number of the change of My Number too

        // the loss: J-LIS stops, its database is dropped and created again, empty, and J-LIS starts on it as it
        // was configured (nobody told it of the loss): the prefectures hold data, so it does not serve as a new J-LIS
        network.stop("national");
        recreateEmpty(network.nodeDatabase("national"));
        network.start("national");
        awaitState("REBUILDING");

        // REBUILDING: the inbox and numbering answer 503 (a birth needs J-LIS's My Number and waits) ...
        assertThat(network.client("national").post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(clerks.notify("131016", null, NoticeChainTest.birth("林", "一郎", "ハヤシ", "イチロウ")).getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        // ... and the CSs keep registering what needs only themselves: the notices wait in the prefectures' outboxes
        created(moveWithin("131016", codes.get(2), "東京都千代田区永田町1丁目7番1号"));
        created(moveWithin("271004", codes.get(6), "大阪府大阪市北区中之島1丁目3番20号"));
        await().atMost(Duration.ofSeconds(30)).until(() -> CSS.stream().allMatch(lg -> clerks.count("pref-" + lg.substring(0, 2),
                "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") > 0
                && NoticeChainTest.history(network, "pref-" + lg.substring(0, 2), lg)
                        .equals(NoticeChainTest.history(network, "cs-" + lg, lg))));

        // only an operator, directly at J-LIS, starts the rebuild; registrations go on while it runs
        assertThat(network.client("national", "pref-13").post().uri("/actuator/rebuild")
                .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> started = network.client("national", OPERATOR).post().uri("/actuator/rebuild")
                .retrieve().toEntity(Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        created(moveWithin("131016", codes.get(3), "東京都千代田区千代田1番1号"));
        created(moveWithin("271004", codes.get(7), "大阪府大阪市中央区大手前2丁目1番22号"));
        awaitState("SERVING");
        Map<?, ?> status = network.client("national", OPERATOR).get().uri("/actuator/rebuild").retrieve().body(Map.class);
        assertThat((Map<String, Object>) status.get("last")).containsEntry("outcome", "REBUILT");
        created(moveWithin("131016", codes.get(3), "東京都千代田区永田町1丁目7番1号"));

        // J-LIS equals the prefectures: same residents and histories, each CS's, nothing lost and nothing twice
        CSS.forEach(lg -> NoticeChainTest.awaitSameEverywhere(network, "cs-" + lg));
        for (String table : List.of("residents", "resident_history", "retired_resident_codes")) {
            assertThat(clerks.count("national", "SELECT count(*) FROM " + table))
                    .as(table).isEqualTo(clerks.count("pref-13", "SELECT count(*) FROM " + table)
                            + clerks.count("pref-27", "SELECT count(*) FROM " + table));
        }
        assertThat(clerks.count("national", "SELECT count(*) FROM parked_notices")).isZero();
        for (String pref : List.of("pref-13", "pref-27")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> clerks.count(pref,
                    "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") == 0);
            assertThat(network.database("national").sql("SELECT applied_through FROM inbound_progress WHERE source = :pref")
                    .param("pref", pref).query(Long.class).single())
                    .isEqualTo(clerks.count(pref, "SELECT last_sequence FROM notice_outbox_state"));
        }

        // the numbering state: every code allocated and every My Number issued before the loss is known again
        Set<String> allocatedAfter = Set.copyOf(network.database("national")
                .sql("SELECT resident_code FROM allocated_resident_codes").query(String.class).list());
        Set<String> issuedAfter = Set.copyOf(network.database("national")
                .sql("SELECT my_number FROM issued_my_numbers").query(String.class).list());
        assertThat(allocatedAfter).containsAll(allocatedBefore);
        assertThat(issuedAfter).containsAll(issuedBefore);

        // later births get codes and My Numbers never issued before (new blocks of the rebuilt J-LIS among them)
        Set<String> bornCodes = new HashSet<>();
        Set<String> bornNumbers = new HashSet<>();
        for (String lg : CSS) {
            for (int i = 0; i < 4; i++) {
                Map<String, Object> born = created(clerks.notify(lg, UUID.randomUUID().toString(),
                        NoticeChainTest.birth("森", "花子", "モリ", "ハナコ")));
                bornCodes.add((String) born.get("residentCode"));
                bornNumbers.add((String) born.get("myNumber"));
            }
        }
        assertThat(bornCodes).hasSize(8).doesNotContainAnyElementsOf(heldBefore);
        assertThat(bornNumbers).hasSize(8).doesNotContainAnyElementsOf(issuedBefore);
        Set<String> newlyAllocated = Set.copyOf(network.database("national").sql("""
                SELECT a.resident_code FROM allocated_resident_codes a
                WHERE a.allocated_at > (SELECT finished_at FROM rebuild_state)""").query(String.class).list());
        assertThat(newlyAllocated).isNotEmpty().doesNotContainAnyElementsOf(allocatedBefore);
        CSS.forEach(lg -> NoticeChainTest.awaitSameEverywhere(network, "cs-" + lg));
    }

    private static ResponseEntity<Map> moveWithin(String lg, String code, String address) {
        return clerks.notify(lg, null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", address))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> created(ResponseEntity<Map> response) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    /** Drops the node's database and creates it again under the same name, empty: the loss of J-LIS's data. */
    private static void recreateEmpty(TestDatabase database) throws Exception {
        PostgresServer server = TestPostgres.server();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + database.name() + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database.name() + " ENCODING 'UTF8' TEMPLATE template0");
        }
    }
}
