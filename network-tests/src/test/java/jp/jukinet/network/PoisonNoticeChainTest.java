package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import jp.jukinet.testsupport.TestPki;

/**
 * The whole chain (CS 千代田区 → prefecture 13 → J-LIS) with a notice that J-LIS refuses for good:
 * a CHECK the test adds to J-LIS's register refuses one address. The resident registered there
 * reaches the prefecture, is parked at J-LIS as REFUSED, and the prefecture's stream goes on for the
 * residents registered after them; the operator at J-LIS releases it once the cause is removed. The
 * prefecture's own operator API answers its operator (it parked nothing).
 */
class PoisonNoticeChainTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = "operator-local";
    private static final String POISON_ADDRESS = "東京都千代田区永田町1丁目7番1号";

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
        clerks = new Clerks(network);
        TestPki.certificate(OPERATOR);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void aNoticeJLisRefusesForGoodIsParkedThereAndThePrefecturesStreamGoesOn() {
        network.database("national").sql("ALTER TABLE residents ADD CONSTRAINT refused_in_test CHECK "
                + "(identity->'address'->>'text' <> '" + POISON_ADDRESS + "')").update();

        String poisoned = (String) clerks.newResident("131016", POISON_ADDRESS).get("residentCode");
        String after = (String) clerks.newResident("131016").get("residentCode");

        await().atMost(WAIT).until(() -> clerks.record("national", after) != null);
        await().atMost(WAIT).until(() -> refused(poisoned) == 1);
        assertThat(clerks.record("pref-13", poisoned)).isNotNull();
        assertThat(clerks.record("national", poisoned)).isNull();

        // the stream goes on for others
        String later = (String) clerks.newResident("131016").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", later) != null);

        Map<?, ?> atPrefecture = network.client("pref-13", OPERATOR).get().uri("/actuator/parkednotices").retrieve()
                .body(Map.class);
        assertThat(atPrefecture.get("count")).isEqualTo(0);
        Map<?, ?> atJLis = network.client("national", OPERATOR).get().uri("/actuator/parkednotices").retrieve()
                .body(Map.class);
        assertThat(atJLis.get("count")).isEqualTo(1);
        assertThat(atJLis.get("parked").toString()).contains(poisoned).contains("REFUSED").contains("23514")
                .doesNotContain(POISON_ADDRESS);
        assertThat(network.client("pref-13", "agency-nenkin").get().uri("/actuator/parkednotices").retrieve()
                .toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        network.database("national").sql("ALTER TABLE residents DROP CONSTRAINT refused_in_test").update();
        Map<String, Object> entry = ((java.util.List<Map<String, Object>>) atJLis.get("parked")).get(0);
        ResponseEntity<Map> released = network.client("national", OPERATOR).post()
                .uri("/actuator/parkednotices/{source}/{sequence}", entry.get("source"), entry.get("sequence"))
                .retrieve().toEntity(Map.class);
        assertThat(released.getBody()).containsEntry("outcome", "APPLIED");
        assertThat(clerks.record("national", poisoned)).containsEntry("municipality", "131016");
        assertThat(clerks.reasons("national", poisoned)).containsExactly("MOVE_IN_FROM_ABROAD");
        assertThat(refused(poisoned)).isZero();
    }

    @Test
    void aNoticeThePrefectureRefusesForGoodIsParkedThereAndOnceReleasedReachesJLis() {
        String address = "東京都千代田区霞が関1丁目1番1号";
        network.database("pref-13").sql("ALTER TABLE residents ADD CONSTRAINT refused_in_test CHECK "
                + "(identity->'address'->>'text' <> '" + address + "')").update();

        String poisoned = (String) clerks.newResident("131016", address).get("residentCode");
        String after = (String) clerks.newResident("131016").get("residentCode");

        await().atMost(WAIT).until(() -> clerks.record("national", after) != null);
        await().atMost(WAIT).until(() -> network.database("pref-13").sql(
                        "SELECT count(*) FROM parked_notices WHERE resident_code = :code AND reason = 'REFUSED'")
                .param("code", poisoned).query(Long.class).single() == 1);
        assertThat(clerks.record("pref-13", poisoned)).isNull();
        assertThat(clerks.record("national", poisoned)).isNull();

        network.database("pref-13").sql("ALTER TABLE residents DROP CONSTRAINT refused_in_test").update();
        long sequence = network.database("pref-13").sql("SELECT sequence FROM parked_notices WHERE resident_code = :code")
                .param("code", poisoned).query(Long.class).single();
        ResponseEntity<Map> released = network.client("pref-13", OPERATOR).post()
                .uri("/actuator/parkednotices/cs-131016/{sequence}", sequence).retrieve().toEntity(Map.class);
        assertThat(released.getBody()).containsEntry("outcome", "APPLIED");
        assertThat(clerks.record("pref-13", poisoned)).isNotNull();
        // recorded at the prefecture, it is forwarded up the chain like any change
        await().atMost(WAIT).until(() -> clerks.record("national", poisoned) != null);
    }

    private static long refused(String code) {
        return network.database("national").sql(
                        "SELECT count(*) FROM parked_notices WHERE resident_code = :code AND reason = 'REFUSED'")
                .param("code", code).query(Long.class).single();
    }
}
