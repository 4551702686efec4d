package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.register.ConsistencyCheck;
import jp.jukinet.service.register.DigestSource;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.testsupport.TestPki;

/**
 * The register digests of real nodes (整合性確認, F8): after registrations travel the notice chain the
 * CS, the prefecture server and J-LIS hold equal digests of the municipality, an operator reads them
 * at each node directly and nobody else does, and a row changed by SQL at J-LIS is named by the
 * comparison with the prefecture's register.
 */
class RegisterDigestsNetworkTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final List<String> TIERS = List.of("cs-131016", "pref-13", "national");

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void everyTierKeepsTheSameDigestsAndTheCheckNamesARowChangedAtOne() {
        Clerks clerks = new Clerks(network);
        TestPki.certificate("operator-local");
        int before = residents(read("cs-131016", "operator-local").getBody());
        String first = (String) clerks.newResident("131016").get("residentCode");
        clerks.newResident("131016");
        clerks.newResident("131016");

        // the CS, then its prefecture, then J-LIS: each holds the three once the notices have arrived
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String node : TIERS) {
                assertThat(residents(read(node, "operator-local").getBody())).as(node).isEqualTo(before + 3);
            }
        });
        Map<String, Object> atCs = read("cs-131016", "operator-local").getBody();
        assertThat(atCs.get("digest")).isNotEqualTo(DigestSource.EMPTY);
        for (String node : TIERS) {
            assertThat(read(node, "operator-local").getBody()).as(node).isEqualTo(atCs);
        }
        ConsistencyCheck check = new ConsistencyCheck();
        assertThat(check.compare(CHIYODA, digests("cs-131016"), digests("pref-13")).equal()).isTrue();
        assertThat(check.compare(CHIYODA, digests("pref-13"), digests("national")).equal()).isTrue();

        network.database("national").sql("UPDATE residents SET status = 'REMOVED' WHERE resident_code = :code")
                .param("code", first).update();

        ConsistencyCheck.Result result = check.compare(CHIYODA, digests("pref-13"), digests("national"));
        assertThat(result.discrepancies()).extracting(ConsistencyCheck.Discrepancy::residentCode,
                        ConsistencyCheck.Discrepancy::kind, ConsistencyCheck.Discrepancy::otherStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, ConsistencyCheck.Kind.DIFFERS, "REMOVED"));
        assertThat(read("national", "operator-local").getBody().get("digest")).isNotEqualTo(atCs.get("digest"));

        // put back, the digest is J-LIS's again (XOR undoes itself), for the other tests of this network
        network.database("national").sql("UPDATE residents SET status = 'ACTIVE' WHERE resident_code = :code")
                .param("code", first).update();
        assertThat(read("national", "operator-local").getBody()).isEqualTo(atCs);
    }

    @Test
    void onlyAnOperatorOnADirectConnectionReadsANodesDigests() {
        TestPki.certificate("operator-local");
        for (String node : TIERS) {
            for (String other : List.of("clerk-131016", "agency-nenkin", "pref-13", "cs-131016", "gateway")) {
                TransportSecurityTest.assertForbidden(read(node, other));
            }
            // the gateway has no route to a node's actuator, and cannot pass an operator on
            TransportSecurityTest.assertForbidden(TestPki.throughGateway(network.baseUrl(node), "operator-local").get()
                    .uri("/actuator/registerdigests/131016").retrieve().toEntity(Map.class));
            ResponseEntity<Map> invalid = network.client(node, "operator-local").get()
                    .uri("/actuator/registerdigests/13101X").retrieve().toEntity(Map.class);
            assertThat(invalid.getStatusCode()).as(node).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(invalid.getBody()).containsEntry("field", "municipality");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPrefectureReadsJLisDigestsOfItsOwnMunicipalitiesOnlyThroughTheGateway() {
        Clerks clerks = new Clerks(network);
        clerks.newResident("131016");
        TestPki.certificate("operator-local");
        TestPki.certificate("pref-27");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(read("national", "operator-local").getBody()).isEqualTo(read("cs-131016", "operator-local").getBody()));

        ResponseEntity<Map> asked = network.client("gateway", "pref-13").get()
                .uri("/internal/v1/national/register-digests/131016").retrieve().toEntity(Map.class);
        assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) asked.getBody()).isEqualTo(read("national", "operator-local").getBody());
        int leaves = 0;
        for (String bucket : ((Map<String, Object>) asked.getBody().get("buckets")).keySet()) {
            List<Map<String, Object>> rows = network.client("gateway", "pref-13").get()
                    .uri("/internal/v1/national/register-digests/131016/buckets/" + bucket).retrieve().body(List.class);
            assertThat(rows).allSatisfy(row -> assertThat((String) row.get("residentCode")).startsWith(bucket));
            leaves += rows.size();
        }
        assertThat(leaves).isEqualTo(((Number) asked.getBody().get("residents")).intValue());

        // the prefecture's check of J-LIS: its own register against J-LIS's answers through the gateway
        assertThat(new ConsistencyCheck().compare(CHIYODA, digests("pref-13"), new ThroughGateway("pref-13")).equal())
                .isTrue();

        // another prefecture, with its real certificate, is refused by J-LIS; nobody else gets through the gateway
        ResponseEntity<Map> foreign = network.client("gateway", "pref-27").get()
                .uri("/internal/v1/national/register-digests/131016").retrieve().toEntity(Map.class);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(foreign.getBody()).containsEntry("field", "municipality");
        assertThat(network.client("gateway", "pref-27").get()
                .uri("/internal/v1/national/register-digests/131016/buckets/" + asked.getBody().get("buckets")
                        .toString().substring(1, 5)).retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        for (String other : List.of("cs-131016", "clerk-131016", "agency-nenkin", "operator-local")) {
            TransportSecurityTest.assertForbidden(network.client("gateway", other).get()
                    .uri("/internal/v1/national/register-digests/131016").retrieve().toEntity(Map.class));
        }
        ResponseEntity<Map> badBucket = network.client("gateway", "pref-13").get()
                .uri("/internal/v1/national/register-digests/131016/buckets/12x4").retrieve().toEntity(Map.class);
        assertThat(badBucket.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badBucket.getBody()).containsEntry("field", "bucket");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPrefectureReadsItsCsDigestsThroughTheGatewayAndNoOtherPrefectureDoes() {
        Clerks clerks = new Clerks(network);
        clerks.newResident("131016");
        TestPki.certificate("operator-local");
        TestPki.certificate("pref-27");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(read("pref-13", "operator-local").getBody()).isEqualTo(read("cs-131016", "operator-local").getBody()));
        String path = "/internal/v1/municipalities/131016/register-digests";

        ResponseEntity<Map> asked = network.client("gateway", "pref-13").get().uri(path).retrieve().toEntity(Map.class);
        assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(asked.getBody()).isEqualTo(read("cs-131016", "operator-local").getBody());
        // the prefecture's check of its CS, over the gateway: the CS is authoritative for its residents
        ThroughGateway cs = new ThroughGateway("pref-13", lg -> "/internal/v1/municipalities/" + lg.value() + "/register-digests");
        assertThat(new ConsistencyCheck().compare(CHIYODA, cs, digests("pref-13")).equal()).isTrue();
        String bucket = ((Map<String, Object>) asked.getBody().get("buckets")).keySet().iterator().next();
        assertThat(cs.bucket(CHIYODA, bucket)).isEqualTo(digests("cs-131016").bucket(CHIYODA, bucket));

        // another prefecture with its real certificate: refused by the CS; other callers: no route
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").get().uri(path).retrieve().toEntity(Map.class));
        TransportSecurityTest.assertForbidden(network.client("gateway", "pref-27").get().uri(path + "/buckets/" + bucket)
                .retrieve().toEntity(Map.class));
        for (String other : List.of("cs-131016", "clerk-131016", "agency-nenkin", "operator-local", "national")) {
            TransportSecurityTest.assertForbidden(network.client("gateway", other).get().uri(path).retrieve().toEntity(Map.class));
        }
    }

    /** A tier's digests as a prefecture server reads them through the gateway (no history over the wire). */
    static final class ThroughGateway implements DigestSource {
        private final String caller;
        private final java.util.function.Function<LocalGovernmentCode, String> path;

        /** J-LIS's. */
        ThroughGateway(String caller) {
            this(caller, lg -> "/internal/v1/national/register-digests/" + lg.value());
        }

        ThroughGateway(String caller, java.util.function.Function<LocalGovernmentCode, String> path) {
            this.caller = caller;
            this.path = path;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> municipality(LocalGovernmentCode municipality) {
            return network.client("gateway", caller).get()
                    .uri(path.apply(municipality)).retrieve().body(Map.class);
        }

        @Override
        public String municipalityDigest(LocalGovernmentCode municipality) {
            return (String) municipality(municipality).get("digest");
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, String> bucketDigests(LocalGovernmentCode municipality) {
            return (Map<String, String>) municipality(municipality).get("buckets");
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket) {
            Map<String, Leaf> leaves = new java.util.LinkedHashMap<>();
            List<Map<String, Object>> rows = network.client("gateway", caller).get()
                    .uri(path.apply(municipality) + "/buckets/" + bucket).retrieve().body(List.class);
            rows.forEach(row -> leaves.put((String) row.get("residentCode"), new Leaf((String) row.get("residentCode"),
                    java.util.UUID.fromString((String) row.get("lastChangeId")), (String) row.get("status"))));
            return leaves;
        }

        @Override
        public List<java.util.UUID> changeIds(String residentCode) {
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static ResponseEntity<Map<String, Object>> read(String node, String identity) {
        return (ResponseEntity<Map<String, Object>>) (ResponseEntity<?>) network.client(node, identity).get()
                .uri("/actuator/registerdigests/131016").retrieve().toEntity(Map.class);
    }

    private static int residents(Map<String, Object> answer) {
        return answer == null || answer.get("residents") == null ? -1 : ((Number) answer.get("residents")).intValue();
    }

    private static RegisterDigests digests(String node) {
        return new RegisterDigests(network.database(node));
    }
}
