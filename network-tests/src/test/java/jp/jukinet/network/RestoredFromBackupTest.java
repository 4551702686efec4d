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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.service.notice.NoticePublisher;
import jp.jukinet.testsupport.PostgresServer;
import jp.jukinet.testsupport.TestPostgres;

/**
 * A sender restored from an older backup (issue #15) loses nothing it sent since, duplicates nothing
 * and reissues no resident code; a prefecture server lost whole is rebuilt from its CSs (F8). Over
 * mTLS through the gateway: national + prefecture 13 + the CSs of 千代田区 and 渋谷区 on real
 * PostgreSQL, one started network. A backup is {@code CREATE DATABASE … TEMPLATE} of the stopped
 * node's database; a restore drops the database and creates it again from the backup. The
 * prefecture is configured with its CSs as its rebuild sources (as a deployment is), so at the first
 * start it asks them and serves as new.
 * <ol>
 *   <li>A CS restored: it takes back what it sent since; first, since it counts every change of the network.</li>
 *   <li>Only a node's own notices are taken back (real certificates).</li>
 *   <li>Only its own prefecture server takes a CS's register (real certificates).</li>
 *   <li>A prefecture server restored from a copy taken mid-stream takes back from J-LIS what it had sent
 *       since, the CSs send again what it had taken from them and lost, and every tier ends equal, each
 *       change once at J-LIS. Before the rebuild, so that it runs on a server never rebuilt.</li>
 *   <li>A prefecture server whose database is dropped and created again empty finds from its CSs that
 *       it was lost, stays closed (503) while they keep registering, an operator rebuilds it, and its
 *       stream to J-LIS continues J-LIS's: nothing resent or renumbered, what J-LIS lacked sent, no
 *       code reissued.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoredFromBackupTest {

    private static final String CS = "cs-131016";
    private static final String LG = "131016";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String PREF = "pref-13";
    private static final String OPERATOR = "operator-local";
    private static final List<String> CSS = List.of("131016", "131130");

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").cs(LG).cs("131130");
        network.property(PREF, "jukinet.prefecture.rebuild.sources", "cs-131016,cs-131130");
        // small blocks at 渋谷区, so that its births after the prefecture's rebuild need blocks relayed by the rebuilt prefecture
        network.property("cs-131130", "jukinet.cs.code-block-size", 3);
        network.startAll();
        clerks = new Clerks(network);
        // the prefecture started on an empty register: it serves once its CSs have said they hold nothing
        awaitState("SERVING");
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    @Order(1)
    void aCsRestoredFromABackupTakesBackWhatItSentSinceAndItsNewChangesArrive() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(code(clerks.newResident(LG)));
        }
        NoticeChainTest.awaitSameEverywhere(network, CS);

        network.stop(CS);
        String database = network.nodeDatabase(CS).name();
        admin("CREATE DATABASE " + database + "_backup TEMPLATE " + database);
        network.start(CS);

        // after the backup: new residents and a correction of one from before it, up to J-LIS
        for (int i = 0; i < 3; i++) {
            codes.add(code(clerks.newResident(LG)));
        }
        Clerks.created(clerks.notify(LG, null, correction(codes.get(0), "1971-02-03")));
        NoticeChainTest.awaitSameEverywhere(network, CS);
        long sentBeforeRestore = appliedThrough("pref-13", CS);
        assertThat(sentBeforeRestore).isEqualTo(7);

        network.stop(CS);
        admin("DROP DATABASE " + database + " WITH (FORCE)");
        admin("CREATE DATABASE " + database + " TEMPLATE " + database + "_backup");
        assertThat(network.database(CS).sql("SELECT count(*) FROM residents").query(Long.class).single()).isEqualTo(3);
        network.start(CS);

        // after the restore: more residents, and a correction of the one corrected in the lost time
        for (int i = 0; i < 3; i++) {
            codes.add(code(clerks.newResident(LG)));
        }
        Clerks.created(clerks.notify(LG, null, correction(codes.get(0), "1972-03-04")));
        NoticeChainTest.awaitSameEverywhere(network, CS);

        // nothing lost: every resident of all three periods at every tier, the corrections in order
        for (String node : List.of(CS, "pref-13", "national")) {
            assertThat(network.database(node).sql("SELECT resident_code FROM residents WHERE municipality = :lg")
                    .param("lg", LG).query(String.class).list()).as(node).containsExactlyInAnyOrderElementsOf(codes);
            assertThat(network.database(node).sql("SELECT count(*) FROM resident_history WHERE resident_code = :code")
                    .param("code", codes.get(0)).query(Long.class).single()).as(node).isEqualTo(3);
            assertThat(network.database(node).sql("SELECT identity->>'dateOfBirth' FROM residents WHERE resident_code = :code")
                    .param("code", codes.get(0)).query(String.class).single()).as(node).isEqualTo("1972-03-04");
        }
        // no code reissued: nine people, nine codes
        assertThat(codes).doesNotHaveDuplicates().hasSize(9);
        // nothing duplicated: eleven changes, each once, numbered 1-11 without gaps at the CS and applied once above
        assertThat(network.database(CS).sql("SELECT count(*) FROM resident_history").query(Long.class).single()).isEqualTo(11);
        assertThat(network.database(CS).sql("""
                        SELECT count(DISTINCT sequence) FROM notice_outbox
                        WHERE sequence BETWEEN 1 AND 11 AND acknowledged_at IS NOT NULL""")
                .query(Long.class).single()).isEqualTo(11);
        assertThat(appliedThrough("pref-13", CS)).isEqualTo(11);
        assertThat(network.database("pref-13").sql("SELECT count(*) FROM resident_history").query(Long.class).single())
                .isEqualTo(11);
        assertThat(network.database("national").sql("SELECT count(*) FROM resident_history").query(Long.class).single())
                .isEqualTo(11);
        // the prefecture knows the CS's epoch (sent with each batch; the restore kept it)
        assertThat(network.database("pref-13").sql("SELECT epoch::text FROM inbound_progress WHERE source = :source")
                .param("source", CS).query(String.class).single())
                .isEqualTo(network.database(CS).sql("SELECT epoch::text FROM notice_outbox_state").query(String.class).single());
        NoticePublisher publisher = network.bean(CS, NoticePublisher.class);
        assertThat(publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
        assertThat(network.bean(CS, MeterRegistry.class).get("jukinet.outbox.regressions").counter().count()).isEqualTo(1);
        assertThat(network.bean(CS, MeterRegistry.class).get("jukinet.outbox.regressed").gauge().value()).isZero();
        // the prefecture, as J-LIS's sender, continued its own stream
        assertThat(network.bean("pref-13", NoticePublisher.class).lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
    }

    /** Attack: a node asks the prefecture for the notices of another, with its own real certificate. */
    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void aNodeTakesBackOnlyItsOwnNotices() {
        code(clerks.newResident(LG));
        await().atMost(WAIT).until(() -> appliedThrough("pref-13", CS) > 0);

        // 中央区's CS (its real certificate; its node need not run) asks for 千代田区's: refused, nothing told
        ResponseEntity<Map> stolen = sent("cs-131024", CS);
        assertThat(stolen.getStatusCode()).as("%s", stolen.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(stolen.getBody()).doesNotContainKey("notices");
        assertThat((String) stolen.getBody().get("type")).startsWith("urn:jukinet:problem:");
        // its own: nothing
        ResponseEntity<Map> own = sent("cs-131024", "cs-131024");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Object>) own.getBody().get("notices")).isEmpty();
        assertThat(own.getBody()).containsEntry("appliedThrough", 0);
        // the owner gets its own
        ResponseEntity<Map> mine = sent(CS, CS);
        assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Object>) mine.getBody().get("notices")).isNotEmpty();
        // a clerk of the municipality is no node: the gateway denies the route
        assertThat(sent("clerk-" + LG, CS).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // J-LIS answers the prefecture its own stream only; a CS cannot reach it
        assertThat(network.client("gateway", "pref-13").get()
                .uri("/internal/v1/notices/sent?source=pref-13&after=0&limit=1").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(network.client("gateway", "pref-13").get()
                .uri("/internal/v1/notices/sent?source=pref-27&after=0&limit=1").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    @Order(3)
    void onlyItsOwnPrefectureServerTakesACsRegister() {
        Map<String, Object> resident = clerks.newResident("131016");
        assertThat(resident).containsKey("residentCode");
        // another CS, and the CS itself, with their real certificates: the gateway has no route for them
        for (String caller : List.of("cs-131130", "cs-131016", "clerk-131016", OPERATOR)) {
            assertThat(snapshot(caller, "131016").getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
        }
        // another prefecture's server passes the gateway (any prefecture may call the route) and the CS refuses it
        ResponseEntity<String> other = snapshot("pref-27", "131016");
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(other.getBody()).contains("\"field\":\"caller\"").doesNotContain("\"kind\":\"resident\"");
        // its own prefecture: head first (the CS's outbox head and epoch), its record, its block, end last
        ResponseEntity<String> own = snapshot(PREF, "131016");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.OK);
        String[] lines = own.getBody().split("\n");
        assertThat(lines[0]).contains("\"kind\":\"head\"").contains("\"municipality\":\"131016\"").contains("\"epoch\"");
        assertThat(own.getBody()).contains("\"kind\":\"resident\"").contains("\"kind\":\"block\"");
        assertThat(lines[lines.length - 1]).contains("\"kind\":\"end\"");
    }

    @Test
    @Order(4)
    void aPrefectureRestoredFromAnOlderBackupTakesBackWhatItSentAndEndsEqual() throws Exception {
        long residentsBefore = clerks.count("national", "SELECT count(*) FROM residents");
        List<String> codes = new ArrayList<>();
        for (String lg : CSS) {
            codes.add(code(clerks.newResident(lg)));
        }
        awaitSameEverywhere();

        network.stop(PREF);
        String database = network.nodeDatabase(PREF).name();
        admin("CREATE DATABASE " + database + "_backup TEMPLATE " + database);
        network.start(PREF);

        // after the backup: residents that reach J-LIS ...
        for (String lg : CSS) {
            codes.add(code(clerks.newResident(lg)));
        }
        awaitSameEverywhere();
        long sentBefore = outboxHead();
        // ... and a change the prefecture took from its CS but had not sent J-LIS when it was lost
        network.stop("national");
        created(correction("131016", codes.get(0), "1971-02-03"));
        await().atMost(WAIT).until(() -> clerks.count(PREF, "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") > 0);

        network.stop(PREF);
        admin("DROP DATABASE " + database + " WITH (FORCE)");
        admin("CREATE DATABASE " + database + " TEMPLATE " + database + "_backup");
        network.start("national");
        network.start(PREF);

        // after the restore: both CSs register again
        for (String lg : CSS) {
            codes.add(code(clerks.newResident(lg)));
        }
        created(correction("131130", codes.get(1), "1972-03-04"));
        awaitSameEverywhere();
        await().atMost(WAIT).until(() -> clerks.count(PREF, "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") == 0);

        // nothing lost: every resident of the three periods and both corrections at every tier
        assertThat(clerks.count("national", "SELECT count(*) FROM residents")).isEqualTo(residentsBefore + 6);
        for (String node : List.of("cs-131016", PREF, "national")) {
            assertThat(network.database(node).sql("SELECT identity->>'dateOfBirth' FROM residents WHERE resident_code = :code")
                    .param("code", codes.get(0)).query(String.class).single()).as(node).isEqualTo("1971-02-03");
        }
        // nothing twice: J-LIS holds each change of the prefecture's stream once, numbered without gaps beyond what it held
        assertNothingTwiceAtJLis();
        assertThat(outboxHead()).isGreaterThan(sentBefore);
        NoticePublisher publisher = network.bean(PREF, NoticePublisher.class);
        assertThat(publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
        assertThat(network.bean(PREF, MeterRegistry.class).get("jukinet.outbox.regressions").counter().count()).isEqualTo(1);
        assertThat(clerks.count(PREF, "SELECT count(*) FROM rebuild_state WHERE state = 'TOOK_BACK'")).isEqualTo(1);
        assertThat(clerks.count(PREF, "SELECT count(*) FROM parked_notices")).isZero();
        assertThat(clerks.count("national", "SELECT count(*) FROM parked_notices")).isZero();
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void aLostPrefectureIsRebuiltFromItsCsWhileTheyKeepRegistering() throws Exception {
        List<String> codes = new ArrayList<>();
        for (String lg : CSS) {
            for (int i = 0; i < 2; i++) {
                codes.add(code(clerks.newResident(lg)));
            }
        }
        created(clerks.notify("131016", null, Map.of("type", "MY_NUMBER_CHANGE", "effectiveDate", Clerks.today(),
                "residentCode", codes.get(0))));
        created(clerks.notify("131130", null, Map.of("type", "DEATH", "effectiveDate", Clerks.today(),
                "residentCode", codes.get(2))));
        awaitSameEverywhere();
        // a change J-LIS lacks when the prefecture is lost: J-LIS is away, it waits in the prefecture's outbox
        network.stop("national");
        created(moveWithin("131130", codes.get(3), "東京都渋谷区神南1丁目1番1号"));
        await().atMost(WAIT).until(() -> clerks.count(PREF, "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") > 0);
        Set<String> heldBefore = Set.copyOf(network.database("national")
                .sql("SELECT resident_code FROM resident_history").query(String.class).list());
        long blocksBefore = clerks.count(PREF, "SELECT count(*) FROM relayed_code_blocks");
        long jLisHeld = clerks.count("national", "SELECT applied_through FROM inbound_progress WHERE source = 'pref-13'");

        // the loss: the prefecture's database dropped and created again empty; it starts as configured
        network.stop(PREF);
        network.start("national");
        recreateEmpty(network.nodeDatabase(PREF).name());
        network.start(PREF);
        awaitState("REBUILDING");

        // closed: its CSs' notices and the numbering relay answer 503 with Retry-After ...
        ResponseEntity<String> inbox = network.client("gateway", "cs-131016").post().uri("/internal/v1/notices")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        assertThat(inbox.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(inbox.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(inbox.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(clerks.notify("131016", null, NoticeChainTest.birth("林", "一郎", "ハヤシ", "イチロウ")).getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        // ... while the CSs register what needs only themselves: it waits in their outboxes
        created(moveWithin("131016", codes.get(1), "東京都千代田区永田町1丁目7番1号"));
        created(moveWithin("131130", codes.get(3), "東京都渋谷区道玄坂1丁目1番1号"));

        // only an operator, directly, starts it; the CSs go on registering while it runs
        assertThat(network.client(PREF, "cs-131016").post().uri("/actuator/rebuild").retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // F10: a CS's snapshot holding a record of another municipality (put there by SQL) loads nothing of that CS
        network.database("cs-131130").sql("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT '99999999999', '999999999999', prefecture, '131016', normalized_name, date_of_birth, sex, status,
                       identity, last_change_id, updated_at, retention_until
                FROM residents LIMIT 1""").update();
        assertThat(network.client(PREF, OPERATOR).post().uri("/actuator/rebuild").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(WAIT).untilAsserted(() -> assertThat((Map<String, Object>) network.client(PREF, OPERATOR).get()
                .uri("/actuator/rebuild").retrieve().body(Map.class).get("last")).containsEntry("outcome", "FAILED")
                .extractingByKey("problem").asString().contains("of municipality 131016, not its own"));
        assertThat(clerks.count(PREF, "SELECT count(*) FROM rebuild_loads")).as("千代田区's load kept").isEqualTo(1);
        assertThat(clerks.count(PREF, "SELECT count(*) FROM resident_history WHERE source = 'cs-131130'")).isZero();
        network.database("cs-131130").sql("DELETE FROM residents WHERE resident_code = '99999999999'").update();
        // run again: it reads only the CS not loaded
        assertThat(network.client(PREF, OPERATOR).post().uri("/actuator/rebuild").retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        created(moveWithin("131016", codes.get(1), "東京都千代田区千代田1番1号"));
        awaitState("SERVING");
        Map<String, Object> status = network.client(PREF, OPERATOR).get().uri("/actuator/rebuild").retrieve().body(Map.class);
        Map<String, Object> last = (Map<String, Object>) status.get("last");
        assertThat(last).as("%s", last).containsEntry("outcome", "REBUILT");
        // the stream to J-LIS continued J-LIS's: it held what J-LIS held, and sent what J-LIS lacked
        Map<String, Object> restored = (Map<String, Object>) last.get("restored");
        assertThat(((Number) restored.get("jLisHeld")).longValue()).isEqualTo(jLisHeld);
        assertThat(((Number) restored.get("sentToJLis")).longValue()).isGreaterThanOrEqualTo(1);

        // every tier equal (residents and histories of each CS), nothing lost, nothing twice at J-LIS
        awaitSameEverywhere();
        await().atMost(WAIT).until(() -> clerks.count(PREF, "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL") == 0);
        for (String table : List.of("residents", "resident_history")) {
            assertThat(clerks.count(PREF, "SELECT count(*) FROM " + table)).as(table)
                    .isEqualTo(clerks.count("national", "SELECT count(*) FROM " + table));
        }
        assertNothingTwiceAtJLis();
        assertThat(clerks.count(PREF, "SELECT count(*) FROM parked_notices")).isZero();
        assertThat(clerks.count("national", "SELECT count(*) FROM parked_notices")).isZero();
        // every CS's notices apply once: the prefecture's progress is each CS's head
        for (String lg : CSS) {
            assertThat(clerks.count(PREF, "SELECT applied_through FROM inbound_progress WHERE source = 'cs-" + lg + "'"))
                    .isEqualTo(clerks.count("cs-" + lg, "SELECT last_sequence FROM notice_outbox_state"));
        }

        // no code reissued: the copies of the relayed blocks are back, and births get codes never held
        assertThat(clerks.count(PREF, "SELECT count(*) FROM relayed_code_blocks")).isGreaterThanOrEqualTo(blocksBefore);
        Set<String> born = new HashSet<>();
        for (String lg : CSS) {
            for (int i = 0; i < 3; i++) {
                born.add(code(created(clerks.notify(lg, UUID.randomUUID().toString(),
                        NoticeChainTest.birth("森", "花子", "モリ", "ハナコ")))));
            }
        }
        assertThat(born).hasSize(6).doesNotContainAnyElementsOf(heldBefore);
        awaitSameEverywhere();
    }

    /** J-LIS holds every notice of the prefecture once: one logged notice per sequence and per change, through its head. */
    private static void assertNothingTwiceAtJLis() {
        long appliedThrough = clerks.count("national", "SELECT applied_through FROM inbound_progress WHERE source = 'pref-13'");
        assertThat(appliedThrough).isEqualTo(outboxHead());
        assertThat(clerks.count("national", "SELECT count(*) FROM inbox_log WHERE source = 'pref-13'")).isEqualTo(appliedThrough);
        assertThat(clerks.count("national", "SELECT count(DISTINCT change_id) FROM inbox_log WHERE source = 'pref-13'"))
                .isEqualTo(appliedThrough);
        long csChanges = CSS.stream().mapToLong(lg -> clerks.count("cs-" + lg, "SELECT count(*) FROM resident_history")).sum();
        assertThat(clerks.count("national", "SELECT count(*) FROM resident_history")).isEqualTo(csChanges);
    }

    private static long outboxHead() {
        return clerks.count(PREF, "SELECT last_sequence FROM notice_outbox_state");
    }

    private static void awaitSameEverywhere() {
        CSS.forEach(lg -> NoticeChainTest.awaitSameEverywhere(network, "cs-" + lg));
    }

    private static void awaitState(String state) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(network.client(PREF, OPERATOR).get()
                .uri("/actuator/rebuild").retrieve().body(Map.class)).containsEntry("state", state));
    }

    private static ResponseEntity<String> snapshot(String caller, String lg) {
        return network.client("gateway", caller).get().uri("/internal/v1/municipalities/" + lg + "/snapshot")
                .retrieve().toEntity(String.class);
    }

    private static ResponseEntity<Map> correction(String lg, String code, String dateOfBirth) {
        return clerks.notify(lg, null, correction(code, dateOfBirth));
    }

    private static ResponseEntity<Map> moveWithin(String lg, String code, String address) {
        return clerks.notify(lg, null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", address))));
    }

    private static Map<String, Object> created(ResponseEntity<Map> response) {
        return Clerks.created(response);
    }

    private static void recreateEmpty(String database) throws Exception {
        admin("DROP DATABASE " + database + " WITH (FORCE)");
        admin("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
    }

    private static ResponseEntity<Map> sent(String caller, String source) {
        return network.client("gateway", caller).get()
                .uri("/internal/v1/notices/sent?source=" + source + "&after=0&limit=10")
                .retrieve().toEntity(Map.class);
    }

    private static Map<String, Object> correction(String code, String dateOfBirth) {
        return Map.of("type", "CORRECTION", "effectiveDate", Clerks.today(), "residentCode", code,
                "person", Map.of("dateOfBirth", dateOfBirth));
    }

    private static String code(Map<String, Object> created) {
        return (String) created.get("residentCode");
    }

    private static long appliedThrough(String node, String source) {
        return network.database(node).sql(
                        "SELECT coalesce((SELECT applied_through FROM inbound_progress WHERE source = :source), 0)")
                .param("source", source).query(Long.class).single();
    }

    private static void admin(String sql) throws Exception {
        PostgresServer server = TestPostgres.server();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
