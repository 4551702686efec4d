package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Clerks register life events at CSs of two municipalities in one prefecture; every change
 * reaches the prefecture and the national server, which end with the same residents and
 * histories as the CSs.
 */
class NoticeChainTest {

    private static LocalNetwork network;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").cs("131130").startAll();
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void aBirthAndLaterChangesReachEveryTierInOrder() {
        Map<String, Object> born = post("cs-131016", "131016", UUID.randomUUID().toString(), birth("山田", "花子", "ヤマダ", "ハナコ"));
        String code = (String) born.get("residentCode");
        assertThat(code).matches("\\d{11}");
        assertThat((String) born.get("myNumber")).matches("\\d{12}");
        assertThat(born.get("status")).isEqualTo("ACTIVE");

        post("cs-131016", "131016", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-21",
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号"))));
        post("cs-131016", "131016", null, Map.of("type", "NAME_CHANGE", "effectiveDate", "2026-11-22",
                "residentCode", code, "person", Map.of("name", Map.of("family", "佐藤", "given", "花子",
                        "familyKana", "サトウ", "givenKana", "ハナコ"))));

        awaitSameEverywhere(network, "cs-131016");
        Map<String, Object> national = network.database("national")
                .sql("SELECT identity->'name'->>'family' AS family, identity->'address'->>'text' AS address, status "
                        + "FROM residents WHERE resident_code = :code")
                .param("code", code).query().singleRow();
        assertThat(national).containsEntry("family", "佐藤").containsEntry("address", "東京都千代田区永田町1丁目7番1号")
                .containsEntry("status", "ACTIVE");
        List<String> reasons = network.database("national")
                .sql("SELECT reason FROM resident_history WHERE resident_code = :code ORDER BY source_sequence")
                .param("code", code).query(String.class).list();
        assertThat(reasons).containsExactly("BIRTH", "MOVE_WITHIN", "NAME_CHANGE");
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameAnswerAndOneChange() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = birth("鈴木", "一郎", "スズキ", "イチロウ");
        Map<String, Object> first = post("cs-131130", "131130", key, request);
        Map<String, Object> second = post("cs-131130", "131130", key, request);
        assertThat(second).isEqualTo(first);
        assertThat(network.database("cs-131130").sql("SELECT count(*) FROM resident_history WHERE resident_code = :code")
                .param("code", first.get("residentCode")).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aDeathRemovesTheResidentAndASecondDeathIsRefusedWithoutWriting() {
        String code = (String) post("cs-131016", "131016", null, birth("田中", "太郎", "タナカ", "タロウ")).get("residentCode");
        Map<String, Object> death = Map.of("type", "DEATH", "effectiveDate", "2026-11-20", "residentCode", code);
        assertThat(post("cs-131016", "131016", null, death)).containsEntry("status", "REMOVED");
        long before = historyRows("cs-131016");

        ResponseEntity<Map> again = network.client("cs-131016").post()
                .uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON).body(death).retrieve().toEntity(Map.class);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again.getBody()).containsEntry("field", "residentCode");
        assertThat(historyRows("cs-131016")).isEqualTo(before);
        awaitSameEverywhere(network, "cs-131016");
    }

    @Test
    void aChangeOfMyNumberAndOfResidentCodeTravelsUpTheChain() {
        Map<String, Object> born = post("cs-131130", "131130", null, birth("高橋", "美咲", "タカハシ", "ミサキ"));
        String code = (String) born.get("residentCode");
        // J-LIS changes a My Number only for a person it holds at the asking municipality: the birth first reaches it
        await().atMost(Duration.ofSeconds(30)).until(() -> network.database("national")
                .sql("SELECT count(*) FROM residents WHERE resident_code = :code AND municipality = '131130'")
                .param("code", code).query(Long.class).single() == 1);
        Map<String, Object> renumbered = post("cs-131130", "131130", null,
                Map.of("type", "MY_NUMBER_CHANGE", "effectiveDate", "2026-11-20", "residentCode", code));
        assertThat(renumbered.get("myNumber")).isNotEqualTo(born.get("myNumber"));
        Map<String, Object> recoded = post("cs-131130", "131130", null,
                Map.of("type", "RESIDENT_CODE_CHANGE", "effectiveDate", "2026-11-20", "residentCode", code));
        String newCode = (String) recoded.get("residentCode");
        assertThat(newCode).isNotEqualTo(code);

        awaitSameEverywhere(network, "cs-131130");
        assertThat(network.database("national").sql("SELECT my_number FROM residents WHERE resident_code = :code")
                .param("code", newCode).query(String.class).single()).isEqualTo(renumbered.get("myNumber"));
        assertThat(network.database("national").sql("SELECT count(*) FROM residents WHERE resident_code = :code")
                .param("code", code).query(Long.class).single()).isZero();
        Map<?, ?> view = network.client("cs-131130").get().uri("/api/v1/municipalities/131130/residents/" + code)
                .retrieve().body(Map.class);
        assertThat(view.get("residentCode")).isEqualTo(newCode);
        assertThat((List<?>) view.get("history")).hasSize(3);
    }

    @Test
    void aMoveAbroadIsNotifiedAheadAndARemovedRecordTakesOnlyCorrections() {
        Map<String, Object> arrived = post("cs-131130", "131130", null, Map.of("type", "MOVE_IN_FROM_ABROAD",
                "effectiveDate", "2026-11-01", "person", Map.of(
                        "name", Map.of("family", "スミス", "given", "ジョン", "familyKana", "スミス", "givenKana", "ジョン"),
                        "dateOfBirth", "1990-05-05", "sex", "MALE",
                        "address", Map.of("text", "東京都渋谷区宇田川町1番1号"))));
        String code = (String) arrived.get("residentCode");
        String planned = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusDays(10).toString();
        Map<String, Object> left = post("cs-131130", "131130", null,
                Map.of("type", "MOVE_OUT_ABROAD", "effectiveDate", planned, "residentCode", code));
        assertThat(left).containsEntry("status", "REMOVED");
        assertThat((Map<String, Object>) left.get("change")).containsEntry("reason", "MOVE_OUT_ABROAD")
                .containsEntry("effectiveDate", planned);

        ResponseEntity<Map> move = network.client("cs-131130").post().uri("/api/v1/municipalities/131130/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-20", "residentCode", code,
                        "person", Map.of("address", Map.of("text", "東京都渋谷区神南1丁目")))).retrieve().toEntity(Map.class);
        assertThat(move.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        Map<String, Object> corrected = post("cs-131130", "131130", null, Map.of("type", "CORRECTION",
                "effectiveDate", "2026-11-20", "residentCode", code,
                "person", Map.of("dateOfBirth", "1990-05-06")));
        assertThat(corrected).containsEntry("status", "REMOVED");
        assertThat((Map<String, Object>) corrected.get("person")).containsEntry("dateOfBirth", "1990-05-06");
        awaitSameEverywhere(network, "cs-131130");
    }

    static Map<String, Object> birth(String family, String given, String familyKana, String givenKana) {
        return Map.of("type", "BIRTH", "effectiveDate", "2026-11-20",
                "person", Map.of("name", Map.of("family", family, "given", given, "familyKana", familyKana,
                                "givenKana", givenKana),
                        "dateOfBirth", "2026-11-20", "sex", "FEMALE",
                        "address", Map.of("text", "東京都千代田区千代田1番1号")));
    }

    static Map<String, Object> post(String node, String lg, String idempotencyKey, Map<String, Object> body) {
        return post(network, node, lg, idempotencyKey, body);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> post(LocalNetwork network, String node, String lg, String idempotencyKey,
                                    Map<String, Object> body) {
        ResponseEntity<Map> response = network.client(node).post().uri("/api/v1/municipalities/" + lg + "/notifications")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .body(body).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    private static long historyRows(String node) {
        return network.database(node).sql("SELECT count(*) FROM resident_history").query(Long.class).single();
    }

    /** Waits until the prefecture and the national server hold exactly the CS's residents and history for it. */
    static void awaitSameEverywhere(LocalNetwork network, String cs) {
        String lg = cs.substring(3);
        String pref = "pref-" + lg.substring(0, 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> expected = residents(network, cs, lg);
            assertThat(residents(network, pref, lg)).isEqualTo(expected);
            assertThat(residents(network, "national", lg)).isEqualTo(expected);
            List<String> history = history(network, cs, lg);
            assertThat(history(network, pref, lg)).isEqualTo(history);
            assertThat(history(network, "national", lg)).isEqualTo(history);
        });
    }

    static List<String> residents(LocalNetwork network, String node, String lg) {
        return network.database(node).sql("""
                        SELECT resident_code || '|' || my_number || '|' || status || '|' || last_change_id || '|' || identity::text
                        FROM residents WHERE municipality = :lg ORDER BY resident_code""")
                .param("lg", lg).query(String.class).list();
    }

    static List<String> history(LocalNetwork network, String node, String lg) {
        return network.database(node).sql("""
                        SELECT change_id || '|' || resident_code || '|' || reason || '|' || identity::text
                        FROM resident_history WHERE identity->>'municipality' = :lg ORDER BY change_id""")
                .param("lg", lg).query(String.class).list();
    }
}
