package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A municipality's system registers many notifications in one NDJSON request, through the
 * gateway: each line is answered as its single request would be, in order; a refused line writes
 * nothing and spoils nothing; a batch sent again gives the same answers and no second change; and
 * every new resident reaches the prefecture and J-LIS.
 */
class NotificationBatchTest {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalNetwork network;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").cs("131016").startAll();
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void eachLineIsAnsweredInOrderAndOnlyTheGoodOnesAreWritten() {
        String existing = (String) NoticeChainTest.post(network, "cs-131016", "131016", null,
                NoticeChainTest.birth("高橋", "健太", "タカハシ", "ケンタ")).get("residentCode");
        String run = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            lines.add(birthLine(run + "-" + i, "佐藤", "サトウ"));
        }
        lines.set(3, "{\"type\":\"BIRTH\", this is not JSON");
        lines.set(4, birthLine(run + "-4", "佐藤", "sato"));                 // kana that is not katakana
        lines.set(5, lines.get(2));                                            // line 3 again, same key and body
        lines.set(600, "{\"idempotencyKey\":\"" + run + "-600\",\"type\":\"MOVE_WITHIN\",\"effectiveDate\":\"2026-11-21\","
                + "\"residentCode\":\"" + existing + "\",\"person\":{\"address\":{\"text\":\"東京都千代田区永田町1丁目7番1号\"}}}");
        long before = count("cs-131016", "resident_history");

        List<JsonNode> answers = post("131016", String.join("\n", lines) + "\n");

        assertThat(answers).hasSize(1_100);
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get("line").asLong()).isEqualTo(i + 1);
        }
        assertThat(answers.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(answers.get(3).get("problem").get("type").asString()).isEqualTo("urn:jukinet:problem:malformed-request");
        assertThat(answers.get(4).get("status").asInt()).isEqualTo(400);
        assertThat(answers.get(4).get("problem").get("field").asString()).isEqualTo("person.name.familyKana");
        assertThat(answers.get(5).get("result")).isEqualTo(answers.get(2).get("result"));
        assertThat(answers.get(600).get("result").get("residentCode").asString()).isEqualTo(existing);
        assertThat(answers.get(600).get("result").get("change").get("reason").asString()).isEqualTo("MOVE_WITHIN");

        Set<String> codes = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            if (i == 3 || i == 4 || i == 5 || i == 600) {
                continue;
            }
            assertThat(answers.get(i).get("status").asInt()).as("line %d: %s", i + 1, answers.get(i)).isEqualTo(201);
            assertThat(codes.add(answers.get(i).get("result").get("residentCode").asString())).isTrue();
            assertThat(answers.get(i).get("result").get("myNumber").asString()).matches("\\d{12}");
        }
        assertThat(codes).hasSize(1_096);
        // 1,096 births and one move; the refused lines and the repeated one wrote nothing
        assertThat(count("cs-131016", "resident_history") - before).isEqualTo(1_097);
        NoticeChainTest.awaitSameEverywhere(network, "cs-131016");
    }

    @Test
    void theSameBatchSentAgainGetsTheSameAnswersAndChangesNothing() {
        String run = UUID.randomUUID().toString();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 700; i++) {
            body.append(birthLine(run + "-" + i, "鈴木", "スズキ")).append('\n');
        }
        List<JsonNode> first = post("131016", body.toString());
        long residents = count("cs-131016", "residents");
        List<JsonNode> second = post("131016", body.toString());
        assertThat(second).isEqualTo(first);
        assertThat(count("cs-131016", "residents")).isEqualTo(residents);
    }

    @Test
    void aClerkOfAnotherMunicipalityIsRefusedByTheGateway() {
        ResponseEntity<String> response = network.client("gateway", "clerk-131130").post()
                .uri("/api/v1/municipalities/131016/notifications/batch")
                .contentType(NDJSON).body(birthLine("x", "佐藤", "サトウ").getBytes(StandardCharsets.UTF_8))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static String birthLine(String key, String family, String familyKana) {
        return JSON.writeValueAsString(Map.of("idempotencyKey", key, "type", "BIRTH", "effectiveDate", "2026-11-20",
                "person", Map.of("name", Map.of("family", family, "given", "花子", "familyKana", familyKana,
                                "givenKana", "ハナコ"),
                        "dateOfBirth", "2026-11-20", "sex", "FEMALE",
                        "address", Map.of("text", "東京都千代田区千代田1番1号"))));
    }

    private static List<JsonNode> post(String lg, String body) {
        ResponseEntity<String> response = network.client("cs-" + lg).post()
                .uri("/api/v1/municipalities/" + lg + "/notifications/batch")
                .contentType(NDJSON).accept(NDJSON)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody().lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
    }

    private static long count(String node, String table) {
        return network.database(node).sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
