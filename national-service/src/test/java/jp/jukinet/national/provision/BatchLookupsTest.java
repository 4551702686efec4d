package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.provision.ProvisionRecords;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Batch lookups: NDJSON both ways, streamed, one answer per line, malformed lines spoil nothing, every person recorded. */
class BatchLookupsTest extends MtlsProvisionTest {

    private static final String BATCH = "/api/v1/national/lookups/batch";

    @Autowired
    JdbcTemplate template;

    @Autowired
    JsonMapper json;

    @Autowired
    ProvisionRecords records;

    private IdentityInformation hanako;
    private IdentityInformation taroInChiyoda;

    @BeforeEach
    void residents() {
        hanako = person(3_000_000_001L, "山田", "花子", "ヤマダ", "ハナコ", LocalDate.of(1990, 4, 1), Sex.FEMALE,
                "東京都千代田区千代田1番1号");
        taroInChiyoda = person(3_000_000_002L, "佐藤", "次郎", "サトウ", "ジロウ", LocalDate.of(1985, 5, 5), Sex.MALE,
                "東京都千代田区丸の内1丁目1番");
        register(hanako, taroInChiyoda, person(3_000_000_003L, "佐藤", "次郎", "サトウ", "ジロウ", LocalDate.of(1985, 5, 5),
                Sex.MALE, "東京都渋谷区宇田川町1番1号"));
    }

    @Test
    void answersEveryLineWithItsOwnResultOrErrorAndAMalformedLineSpoilsNothing() {
        String code = hanako.residentCode().value();
        String number = hanako.myNumber().value();
        String badNumber = number.substring(0, 11) + ((number.charAt(11) - '0' + 1) % 10);
        List<String> lines = List.of(
                "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}",
                "",
                "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":",
                "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + badNumber + "\"}",
                "{\"basis\":\"nta-30-9-tax-investigation\",\"residentCode\":\"" + code + "\"}",
                "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + ResidentCode.fromSerial(3_000_000_999L).value()
                        + "\"}",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"佐藤 次郎\",\"dateOfBirth\":\"1985-05-05\","
                        + "\"sex\":\"MALE\"}}",
                "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + number + "\"}\r",
                "[1,2]",
                "{\"basis\":\"nenkin-30-9-same-address\",\"pad\":\"" + "x".repeat(70_000) + "\"}",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"山田 花子\",\"dateOfBirth\":\"1990-04-01\"}}",
                "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"} trailing",
                "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}");
        long before = recordCount();

        List<JsonNode> answers = batch("agency-nenkin", String.join("\n", lines) + "\n");

        assertThat(answers).extracting(answer -> answer.get("line").asLong())
                .containsExactly(1L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
        assertThat(answers).extracting(answer -> answer.get("outcome").asString()).containsExactly(
                "PROVIDED", "INVALID", "INVALID", "REFUSED", "NOT_FOUND", "AMBIGUOUS", "PROVIDED", "INVALID", "INVALID",
                "INVALID", "INVALID", "PROVIDED");
        assertThat(answers.get(0).get("residentCode").asString()).isEqualTo(code);
        assertThat(answers.get(0).has("myNumber")).isFalse();
        assertThat(answers.get(1).get("error").get("type").asString()).isEqualTo("urn:jukinet:problem:malformed-request");
        assertThat(answers.get(2).get("error").get("field").asString()).isEqualTo("myNumber");
        assertThat(answers.get(3).get("error").get("status").asInt()).isEqualTo(403);
        assertThat(answers.get(3).get("error").get("field").asString()).isEqualTo("basis");
        assertThat(answers.get(4).get("error").get("status").asInt()).isEqualTo(404);
        assertThat(answers.get(5).get("matches").asInt()).isEqualTo(2);
        assertThat(answers.get(5).has("person")).isFalse();
        assertThat(answers.get(6).get("myNumber").asString()).isEqualTo(number);
        assertThat(answers.get(8).get("error").get("detail").asString()).contains("longer than");
        assertThat(answers.get(9).get("error").get("field").asString()).isEqualTo("fourInfo.address");
        for (JsonNode invalid : List.of(answers.get(1), answers.get(2), answers.get(7), answers.get(10))) {
            assertThat(invalid.toString()).doesNotContain(code).doesNotContain(badNumber);
        }

        // the refused, not found, ambiguous and provided lines are recorded; malformed ones are not provisions
        assertThat(recordCount()).isEqualTo(before + 6);
        assertThat(records.verify().intact()).isTrue();
    }

    @Test
    void answersWhileTheRequestIsStillArriving() throws Exception {
        String query = "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + hanako.residentCode().value()
                + "\"}\n";
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, BATCH, "agency-nenkin")) {
            for (int line = 1; line <= 3; line++) {
                client.send(query);
                // the answer to this line arrives before the next line is sent, let alone the end of the request
                String answer = CompletableFuture.supplyAsync(client::readLine).get(10, TimeUnit.SECONDS);
                if (line == 1) {
                    assertThat(client.status()).isEqualTo(200);
                    assertThat(client.header("Content-Type")).startsWith("application/x-ndjson");
                }
                JsonNode result = JukiNetJson.mapper().readTree(answer);
                assertThat(result.get("line").asInt()).isEqualTo(line);
                assertThat(result.get("outcome").asString()).isEqualTo("PROVIDED");
            }
            client.finish();
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void aLargeBatchKeepsOrderAndRecordsEveryPerson() throws Exception {
        int count = 20_000;
        long first = 3_100_000_000L;
        BulkResidents.insert(template, json, first, count, serial -> person(serial, "田中", "一郎", "タナカ", "イチロウ",
                LocalDate.of(1970, 1, 1).plusDays(serial % 15_000), serial % 2 == 0 ? Sex.MALE : Sex.FEMALE,
                "東京都千代田区千代田" + (serial % 100) + "番"));
        long before = recordCount();
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, BATCH, "agency-nenkin")) {
            CompletableFuture<Void> sender = client.sendLookupsAsync("nenkin-30-9-same-address", first, count, 16_000);
            assertThat(client.status()).isEqualTo(200);
            int read = 0;
            String line;
            while ((line = client.readLine()) != null) {
                read++;
                assertThat(line).startsWith("{\"line\":" + (read) + ",\"outcome\":\"PROVIDED\",\"residentCode\":\""
                        + ResidentCode.fromSerial(first + read - 1).value() + "\"");
            }
            sender.get(30, TimeUnit.SECONDS);
            assertThat(read).isEqualTo(count);
        }
        assertThat(recordCount()).isEqualTo(before + count);
        assertThat(jdbc.sql("SELECT count(DISTINCT xmin::text) FROM provision_records WHERE seq > :before")
                .param("before", before).query(Long.class).single())
                .as("recorded in batches, not one transaction per person").isLessThan(count / 10);
        assertThat(records.verify().intact()).isTrue();
    }

    @Test
    void takesOnlyNdjson() {
        assertThat(through("agency-nenkin").post().uri(BATCH).contentType(MediaType.APPLICATION_JSON).body("{}")
                .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    private List<JsonNode> batch(String caller, String body) {
        List<JsonNode> answers = new ArrayList<>();
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, BATCH, caller)) {
            client.send(body);
            client.finish();
            assertThat(client.status()).isEqualTo(200);
            String line;
            while ((line = client.readLine()) != null) {
                answers.add(JukiNetJson.mapper().readTree(line));
            }
        }
        return answers;
    }
}
