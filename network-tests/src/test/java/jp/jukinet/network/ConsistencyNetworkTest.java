package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.service.register.DigestSource;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.testsupport.TestPki;

/**
 * The consistency check (整合性確認, F8) over real nodes: rows deleted, corrupted and added by SQL at the
 * prefecture server and at J-LIS, and a row the CS lost, are each named by the prefecture's check
 * (run by an operator on {@code /actuator/consistency}) with how they differ; the repair has the CS
 * send its records again as RESYNC notices through its outbox and the notice chain, after which every
 * tier holds equal digests; a record no CS holds is reported, never deleted. Only the municipality's
 * own prefecture reads a CS's or J-LIS's digests or asks for a repair (another prefecture's real
 * certificate is refused by the callee), and only an operator on a direct connection runs the check.
 */
class ConsistencyNetworkTest {

    static final String LG = "131016";
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of(LG);
    static final List<String> TIERS = List.of("cs-131016", "pref-13", "national");

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").cs(LG).startAll();
        TestPki.certificate("operator-local");
        TestPki.certificate("pref-27");
        TestPki.certificate("cs-131024");
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCheckNamesEachRowChangedAtEachTierAndTheRepairMakesEveryTierEqual() {
        Clerks clerks = new Clerks(network);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add((String) clerks.newResident(LG).get("residentCode"));
        }
        // a second change of one resident (転居), so that a tier can lag behind by one change
        ResponseEntity<Map> moved = clerks.notify(LG, null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", codes.get(4), "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号"))));
        assertThat(moved.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        NoticeChainTest.awaitSameEverywhere(network, "cs-131016");
        Map<String, Object> equal = run("check");
        assertThat(peer(equal, "pref-13")).containsEntry("equal", true);
        assertThat(peer(equal, "national")).containsEntry("equal", true);

        // the prefecture lost one record and had another's status changed; J-LIS lost one, lags one
        // change behind on another and holds a record nobody sent; the CS lost one of its own
        sql("pref-13", "DELETE FROM residents WHERE resident_code = :code", codes.get(0));
        sql("pref-13", "UPDATE residents SET status = 'REMOVED' WHERE resident_code = :code", codes.get(1));
        sql("national", "DELETE FROM residents WHERE resident_code = :code", codes.get(2));
        UUID firstChange = network.database("national").sql("""
                        SELECT change_id FROM resident_history WHERE resident_code = :code ORDER BY recorded_at LIMIT 1""")
                .param("code", codes.get(4)).query(UUID.class).single();
        sql("national", "UPDATE residents SET last_change_id = '" + firstChange + "' WHERE resident_code = :code",
                codes.get(4));
        String extra = ResidentCode.random(new java.util.Random()).value();
        network.database("national").sql("""
                        INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                               date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                        SELECT :extra, :number, prefecture, municipality, normalized_name, date_of_birth, sex, status,
                               identity, gen_random_uuid(), updated_at, retention_until
                        FROM residents WHERE resident_code = :code""")
                .param("extra", extra).param("number", MyNumber.random(new java.util.Random()).value())
                .param("code", codes.get(5)).update();
        // (the operator's backup of the CS's row, put back below)
        network.database("cs-131016").sql("CREATE TABLE lost_residents AS SELECT * FROM residents WHERE resident_code = :code")
                .param("code", codes.get(6)).update();
        sql("cs-131016", "DELETE FROM residents WHERE resident_code = :code", codes.get(6));

        Map<String, Object> checked = run("check");
        assertThat(kinds(peer(checked, "pref-13"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                codes.get(0), "MISSING", codes.get(1), "DIFFERS", codes.get(6), "EXTRA"));
        assertThat(kinds(peer(checked, "national"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                codes.get(0), "EXTRA",   // against the prefecture, which lost it: J-LIS still holds it
                codes.get(1), "DIFFERS", codes.get(2), "MISSING", codes.get(4), "OLDER", extra, "EXTRA"));
        MeterRegistry meters = network.bean("pref-13", MeterRegistry.class);
        assertThat(meters.get("jukinet.consistency.differences").tags("municipality", LG, "peer", "cs-131016")
                .gauge().value()).isEqualTo(3.0);
        assertThat(meters.get("jukinet.consistency.differences").tags("municipality", LG, "peer", "national")
                .gauge().value()).isEqualTo(5.0);

        // the repair: the CS sends again what it holds; what it does not hold is reported, not deleted
        Map<String, Object> repaired = run("repair");
        Map<String, Object> repair = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) repaired
                .get("reports")).get(LG)).get("repair");
        assertThat((List<String>) repair.get("notHeld")).containsExactlyInAnyOrder(codes.get(6), extra);
        assertThat(repair).containsEntry("sent", 4);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Object> after = run("check");
            assertThat(kinds(peer(after, "pref-13"))).containsOnlyKeys(codes.get(6));
            assertThat(kinds(peer(after, "national"))).containsOnlyKeys(extra);
        });
        // the records replaced are kept beside each RESYNC, at the tier that held them
        assertThat(network.database("pref-13").sql("""
                        SELECT replaced_status FROM register_resyncs WHERE resident_code = :code""")
                .param("code", codes.get(1)).query(String.class).list()).containsExactly("REMOVED");
        assertThat(network.database("national").sql("SELECT count(*) FROM residents WHERE resident_code = :code")
                .param("code", extra).query(Long.class).single()).isEqualTo(1L);

        // the operator puts back the CS's lost record (from its backup) and removes the record nobody sent:
        // every tier then holds the same digests
        network.database("cs-131016").sql("INSERT INTO residents SELECT * FROM lost_residents").update();
        sql("national", "DELETE FROM residents WHERE resident_code = :code", extra);
        Map<String, Object> finalCheck = run("check");
        assertThat(peer(finalCheck, "pref-13")).containsEntry("equal", true);
        assertThat(peer(finalCheck, "national")).containsEntry("equal", true);
        DigestSource.Summary atCs = digests("cs-131016").summary(CHIYODA);
        for (String tier : TIERS) {
            assertThat(digests(tier).summary(CHIYODA)).as(tier).isEqualTo(atCs);
            assertThat(digests(tier).bucketDigests(CHIYODA)).as(tier).isEqualTo(digests("cs-131016").bucketDigests(CHIYODA));
        }
        assertThat(meters.get("jukinet.consistency.differences").tags("municipality", LG, "peer", "national")
                .gauge().value()).isZero();
    }

    @Test
    void onlyTheMunicipalitysOwnPrefectureReadsDigestsOrAsksForARepair() {
        String cs = "/internal/v1/municipalities/" + LG + "/register-digests";
        String national = "/internal/v1/national/register-digests/" + LG;
        // the legitimate caller
        assertThat(network.client("gateway", "pref-13").get().uri(cs).retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(network.client("gateway", "pref-13").get().uri(national).retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        long outboxBefore = outbox();

        // another prefecture, with its real certificate: the gateway passes it (pref-NN), the callee refuses
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").get().uri(cs).retrieve().toEntity(Map.class));
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").get().uri(cs + "/buckets/1234")
                .retrieve().toEntity(Map.class));
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").post()
                .uri("/internal/v1/municipalities/" + LG + "/resyncs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("residentCodes", List.of(ResidentCode.random(new java.util.Random()).value())))
                .retrieve().toEntity(Map.class));
        ResponseEntity<Map> foreign = network.client("gateway", "pref-27").get().uri(national).retrieve().toEntity(Map.class);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(foreign.getBody()).containsEntry("field", "municipality");
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").get().uri(national + "/buckets/1234")
                .retrieve().toEntity(Map.class));
        assertThat(outbox()).as("nothing sent for another prefecture").isEqualTo(outboxBefore);

        // anyone else has no route: another CS, the CS itself, J-LIS, a clerk, an operator through the gateway
        for (String other : List.of("cs-131024", "cs-131016", "national", "clerk-131016", "operator-local")) {
            TransportSecurityTest.assertForbidden(network.client("gateway", other).get().uri(cs).retrieve().toEntity(Map.class));
            TransportSecurityTest.assertForbidden(network.client("gateway", other).get().uri(national).retrieve()
                    .toEntity(Map.class));
        }
        // bad input names its field
        ResponseEntity<Map> badBucket = network.client("gateway", "pref-13").get().uri(national + "/buckets/12x4")
                .retrieve().toEntity(Map.class);
        assertThat(badBucket.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badBucket.getBody()).containsEntry("field", "bucket");
        ResponseEntity<Map> noCodes = network.client("gateway", "pref-13").post()
                .uri("/internal/v1/municipalities/" + LG + "/resyncs").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("residentCodes", List.of("12345"))).retrieve().toEntity(Map.class);
        assertThat(noCodes.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noCodes.getBody()).containsEntry("field", "residentCodes");

        // the operator's check: an operator certificate on a direct connection only
        for (String other : List.of("pref-13", "clerk-131016", "gateway", "national")) {
            TransportSecurityTest.assertForbidden(network.client("pref-13", other).post()
                    .uri("/actuator/consistency/" + LG + "/check").retrieve().toEntity(Map.class));
        }
        TransportSecurityTest.assertForbidden(TestPki.throughGateway(network.baseUrl("pref-13"), "operator-local").post()
                .uri("/actuator/consistency/" + LG + "/check").retrieve().toEntity(Map.class));
        ResponseEntity<Map> otherPrefecture = network.client("pref-13", "operator-local").post()
                .uri("/actuator/consistency/271004/check").retrieve().toEntity(Map.class);
        assertThat(otherPrefecture.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(otherPrefecture.getBody()).containsEntry("field", "municipality");
    }

    private static long outbox() {
        return network.database("cs-131016").sql("SELECT count(*) FROM notice_outbox").query(Long.class).single();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String action) {
        ResponseEntity<Map> answer = network.client("pref-13", "operator-local").post()
                .uri("/actuator/consistency/" + LG + "/" + action).retrieve().toEntity(Map.class);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return (Map<String, Object>) answer.getBody();
    }

    /** The comparison whose checked side is {@code peer} (pref-13 against the CS, national against pref-13). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> peer(Map<String, Object> answer, String peer) {
        Map<String, Object> report = (Map<String, Object>) ((Map<String, Object>) answer.get("reports")).get(LG);
        return ((List<Map<String, Object>>) report.get("peers")).stream()
                .filter(p -> p.get("peer").equals(peer)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> kinds(Map<String, Object> peer) {
        Map<String, String> kinds = new HashMap<>();
        ((List<Map<String, Object>>) peer.get("discrepancies"))
                .forEach(d -> kinds.put((String) d.get("residentCode"), (String) d.get("kind")));
        return kinds;
    }

    private static void sql(String node, String statement, String code) {
        assertThat(network.database(node).sql(statement).param("code", code).update()).isEqualTo(1);
    }

    private static RegisterDigests digests(String node) {
        return new RegisterDigests(network.database(node));
    }
}
