package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.service.notice.NoticePublisher;
import jp.jukinet.testsupport.PostgresServer;
import jp.jukinet.testsupport.TestPostgres;

/**
 * A CS restored from an older backup (issue #15) loses nothing it sent since, duplicates nothing
 * and reissues no resident code: over mTLS through the gateway, national + prefecture 13 + 千代田区's
 * CS on real PostgreSQL. The backup is {@code CREATE DATABASE … TEMPLATE} of the stopped CS's
 * database; the restore drops the database and creates it again from the backup. The restore case
 * runs first: it counts every change of the network.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoredFromBackupTest {

    private static final String CS = "cs-131016";
    private static final String LG = "131016";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").cs(LG).startAll();
        clerks = new Clerks(network);
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
