package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.JsonNode;

/**
 * The milestone extract end to end: residents entered at the CSs of 千代田区 (東京都) and 大阪市
 * (大阪府) reach J-LIS through their prefecture servers; J-LIS's extract job (its real scheduler, on
 * the real clock, polling every 300 ms here instead of every minute) writes this month's
 * 20-year-olds of both prefectures to 日本年金機構's MILESTONE_AGE subscription and this month's
 * 40-year-olds of 東京都 only to 千代田区 国保's; each agency reads its feed by pull through the
 * gateway with its real certificate. The month is the current one in Japan (the dates of birth are
 * computed from it), so a run that straddles midnight on the 1st would see two months.
 */
class MilestoneExtractNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";
    private static final String INTERVAL = "jukinet.subscription.extracts.interval";

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        // a system property outranks the service's yaml (1m); set for this class's nodes only
        System.setProperty(INTERVAL, "300ms");
        network = new LocalNetwork().national().prefecture("13").prefecture("27").cs("131016").cs("271004").startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stopNetwork() {
        try {
            network.close();
        } finally {
            System.clearProperty(INTERVAL);
        }
    }

    @Test
    void thisMonthsResidentsReachingTheAgeInBothPrefecturesArriveByPullWithinTheRulesScope() {
        YearMonth month = YearMonth.now(ZoneId.of("Asia/Tokyo"));
        // 20 this month: born from the 2nd of this month to the 1st of the next, 20 years ago
        String tokyo20 = resident("131016", month.atDay(2).minusYears(20), "東京都千代田区千代田1番1号", "東二十", "ヒガシハタチ");
        String osaka20 = resident("271004", month.plusMonths(1).atDay(1).minusYears(20), "大阪府大阪市北区中之島1番1号",
                "西二十", "ニシハタチ");
        // born on the 1st: 20 on the last day of last month, so not this month's
        String lastMonth = resident("131016", month.atDay(1).minusYears(20), "東京都千代田区千代田2番1号", "先月", "センゲツ");
        String tokyo40 = resident("131016", month.atDay(15).minusYears(40), "東京都千代田区千代田3番1号", "東四十", "ヒガシヨソジ");
        String osaka40 = resident("271004", month.atDay(15).minusYears(40), "大阪府大阪市北区中之島3番1号", "西四十", "ニシヨソジ");
        await().atMost(WAIT).until(() -> List.of(tokyo20, osaka20, lastMonth, tokyo40, osaka40).stream()
                .allMatch(code -> clerks.record("national", code) != null));

        String nenkin = id(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":20,\"target\":\"CRITERION\"}"));
        String kokuho = id(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":40,\"target\":\"CRITERION\"}"));

        // the job writes this month's at once (a subscription made mid-month gets its own month)
        await().atMost(WAIT).until(() -> head("agency-nenkin", nenkin) >= 2 && head("agency-lg131016-kokuho", kokuho) >= 1);
        List<JsonNode> pension = lines(events("agency-nenkin", nenkin));
        assertThat(pension).extracting(e -> e.get("sequence").asLong()).containsExactly(1L, 2L);
        assertThat(pension).extracting(e -> e.get("kind").asString()).containsOnly("MILESTONE");
        assertThat(pension).extracting(e -> e.get("information").get("residentCode").asString())
                .containsExactly(tokyo20, osaka20);
        assertThat(pension).extracting(e -> e.get("changeDate").asString()).containsExactly(
                month.atDay(1).toString(), month.atEndOfMonth().toString());
        List<JsonNode> tokyo = lines(events("agency-lg131016-kokuho", kokuho));
        assertThat(tokyo).hasSize(1);
        assertThat(tokyo.get(0).get("information").get("person").get("address").get("text").asString())
                .isEqualTo("東京都千代田区千代田3番1号");
        // its rule gives no code or number; 大阪府's 40-year-old is not its to receive
        assertThat(tokyo.toString()).doesNotContain("residentCode").doesNotContain("myNumber").doesNotContain("大阪");
        // read by pull through the gateway: each a provision at J-LIS, recorded about its person
        assertThat(clerks.count("national", "SELECT count(*) FROM provision_records WHERE basis = 'nenkin-30-9-milestone-age'"
                + " AND outcome = 'PROVIDED' AND resident_code IN ('" + tokyo20 + "', '" + osaka20 + "')")).isEqualTo(2);

        // the job keeps running: the month is not written twice
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> head("agency-nenkin", nenkin) == 2 && head("agency-lg131016-kokuho", kokuho) == 1);
    }

    // --- helpers

    /**
     * A person entering from abroad (国外からの転入) at {@code lg}, born on {@code born}; their resident
     * code. Each has a name of their own: a CS refuses the 国外からの転入 of someone registered by
     * name, date of birth and sex.
     */
    private static String resident(String lg, LocalDate born, String address, String given, String givenKana) {
        Map<String, Object> body = Map.of("type", "MOVE_IN_FROM_ABROAD", "effectiveDate", Clerks.daysFromToday(-10),
                "person", Map.of("name", Map.of("family", "節目", "given", given, "familyKana", "フシメ", "givenKana", givenKana),
                        "dateOfBirth", born.toString(), "sex", "FEMALE", "address", Map.of("text", address)));
        return (String) created(clerks.notify(lg, null, body)).get("residentCode");
    }

    private static ResponseEntity<String> create(String agency, String body) {
        return network.client("gateway", agency).post().uri(SUBSCRIPTIONS).contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(String.class);
    }

    private static String id(ResponseEntity<String> created) {
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return json(created).get("id").asString();
    }

    private static long head(String agency, String id) {
        return json(network.client("gateway", agency).get().uri(SUBSCRIPTIONS + "/" + id).retrieve().toEntity(String.class))
                .get("head").asLong();
    }

    private static ResponseEntity<String> events(String agency, String id) {
        return network.client("gateway", agency).get().uri(SUBSCRIPTIONS + "/" + id + "/events?after=0").retrieve()
                .toEntity(String.class);
    }

    private static List<JsonNode> lines(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        String body = answer.getBody() == null ? "" : answer.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(line -> JukiNetJson.mapper().readTree(line)).toList();
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }
}
