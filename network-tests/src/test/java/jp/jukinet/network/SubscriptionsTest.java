package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * Push-type notification (F6) end to end: births, moves, name changes and deaths registered at the
 * CSs reach J-LIS through the prefecture servers, and J-LIS writes them, in the transaction that
 * records them, to the feeds of the subscriptions following the persons; agencies read their feeds
 * through the gateway with their real certificates. Another agency's real certificate gets nothing
 * of a subscription that is not its own, and refusals are recorded.
 */
class SubscriptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27").cs("131016").cs("271004").startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void changesAtTheCsArriveInTheFeedInOrderWithOnlyTheRulesFields() {
        // 千代田区's 国保: every resident notified by Tokyo, no resident code or My Number (its rule gives neither)
        String kokuho = id(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"EVERY_CHANGE\",\"target\":\"CRITERION\"}"));
        // 日本年金機構: listed persons, survival only
        String survival = id(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}"));
        String survivalOfOthers = id(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}"));

        String code = (String) clerks.newResident("131016").get("residentCode");
        String other = (String) clerks.newResident("131016").get("residentCode");
        String osakan = (String) clerks.newResident("271004").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null && clerks.record("national", other) != null
                && clerks.record("national", osakan) != null);
        assertThat(lines(targets("agency-nenkin", survival, add(code) + add(osakan))))
                .extracting(line -> line.get("outcome").asString()).containsExactly("ADDED", "ADDED");
        assertThat(lines(targets("agency-nenkin", survivalOfOthers, add(other))))
                .extracting(line -> line.get("outcome").asString()).containsExactly("ADDED");
        long start = head("agency-lg131016-kokuho", kokuho);

        created(clerks.notify("131016", null, Map.of("type", "NAME_CHANGE", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("name", Map.of("family", "木村", "given", "花子",
                        "familyKana", "キムラ", "givenKana", "ハナコ")))));
        created(clerks.notify("131016", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号")))));
        created(clerks.notify("271004", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", osakan, "person", Map.of("address", Map.of("text", "大阪府大阪市北区中之島2丁目1番1号")))));
        created(clerks.notify("131016", null, Map.of("type", "DEATH", "effectiveDate", Clerks.today(), "residentCode", code)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED"));
        List<JsonNode> feed = lines(events("agency-lg131016-kokuho", kokuho, start));
        // Tokyo's changes of this person, in order; nothing of Osaka's resident
        assertThat(feed).extracting(event -> event.get("reason").asString())
                .containsExactly("NAME_CHANGE", "MOVE_WITHIN", "DEATH");
        assertThat(feed).extracting(event -> event.get("sequence").asLong())
                .containsExactly(start + 1, start + 2, start + 3);
        assertThat(feed.get(0).get("information").get("person").get("name").get("family").asString()).isEqualTo("木村");
        assertThat(feed.toString()).doesNotContain("residentCode").doesNotContain("myNumber").doesNotContain(code);

        // the death is a survival event for every subscription listing the person, and for no other
        List<JsonNode> deaths = lines(events("agency-nenkin", survival, 0));
        assertThat(deaths).hasSize(1);
        assertThat(deaths.get(0).get("kind").asString()).isEqualTo("SURVIVAL");
        assertThat(deaths.get(0).get("information").get("residentCode").asString()).isEqualTo(code);
        assertThat(lines(events("agency-nenkin", survivalOfOthers, 0))).isEmpty();

        // pull after N returns exactly the rest; every event read is a provision recorded at J-LIS
        long before = clerks.count("national", "SELECT count(*) FROM provision_records WHERE basis = 'lg131016-30-10-kokuho'");
        assertThat(lines(events("agency-lg131016-kokuho", kokuho, start + 2)))
                .extracting(event -> event.get("sequence").asLong()).containsExactly(start + 3);
        assertThat(clerks.count("national", "SELECT count(*) FROM provision_records WHERE basis = 'lg131016-30-10-kokuho'"))
                .isEqualTo(before + 1);
    }

    @Test
    void anotherAgencyWithItsRealCertificateCannotReadOrChangeTheSubscription() {
        String id = id(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"));
        RestClientCalls attacker = new RestClientCalls("agency-sia");
        assertThat(attacker.get(SUBSCRIPTIONS + "/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(attacker.get(SUBSCRIPTIONS + "/" + id + "/events?after=0").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(attacker.patch(SUBSCRIPTIONS + "/" + id, "{\"status\":\"PAUSED\"}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(attacker.delete(SUBSCRIPTIONS + "/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(targets("agency-sia", id, add("12345678901")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(attacker.get(SUBSCRIPTIONS).getBody()).doesNotContain(id);
        JsonNode own = json(new RestClientCalls("agency-nenkin").get(SUBSCRIPTIONS + "/" + id));
        assertThat(own.get("status").asString()).isEqualTo("ACTIVE");
        // a CS's certificate is not an agency's: the gateway denies the route by default
        ResponseEntity<String> cs = network.client("gateway", "cs-131016").get().uri(SUBSCRIPTIONS).retrieve()
                .toEntity(String.class);
        assertThat(cs.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void refusedSubscriptionsAreRecorded() {
        ResponseEntity<String> refused = create("agency-moj",
                "{\"basis\":\"moj-30-9-bar-exam\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> mode = create("agency-nta",
                "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}");
        assertThat(mode.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(mode).get("field").asString()).isEqualTo("mode");
        String kokuho = id(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"));
        String osakan = (String) clerks.newResident("271004").get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", osakan) != null);
        assertThat(lines(targets("agency-lg131016-kokuho", kokuho, add(osakan))))
                .extracting(line -> line.get("outcome").asString()).containsExactly("REFUSED");

        assertThat(network.database("national").sql("""
                        SELECT recipient || ':' || refusal FROM provision_records WHERE outcome = 'REFUSED' ORDER BY seq""")
                .query(String.class).list()).contains("agency-moj:SUBSCRIPTION_NOT_ALLOWED", "agency-nta:MODE_NOT_ALLOWED",
                "agency-lg131016-kokuho:OUT_OF_SCOPE");
        assertThat(network.database("national").sql("""
                        SELECT count(*) FROM provision_records WHERE refusal = 'OUT_OF_SCOPE' AND resident_code = :code""")
                .param("code", osakan).query(Long.class).single()).isEqualTo(1);
    }

    // --- helpers

    private static String add(String code) {
        return "{\"op\":\"add\",\"residentCode\":\"" + code + "\"}\n";
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
        return json(new RestClientCalls(agency).get(SUBSCRIPTIONS + "/" + id)).get("head").asLong();
    }

    private static ResponseEntity<String> targets(String agency, String id, String ndjson) {
        return network.client("gateway", agency).post().uri(SUBSCRIPTIONS + "/" + id + "/targets")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(ndjson).retrieve().toEntity(String.class);
    }

    private static ResponseEntity<String> events(String agency, String id, long after) {
        return new RestClientCalls(agency).get(SUBSCRIPTIONS + "/" + id + "/events?after=" + after);
    }

    private static List<JsonNode> lines(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        String body = answer.getBody() == null ? "" : answer.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(line -> JukiNetJson.mapper().readTree(line)).toList();
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }

    /** An agency's calls through the gateway with its own certificate. */
    private record RestClientCalls(String agency) {

        ResponseEntity<String> get(String uri) {
            return network.client("gateway", agency).get().uri(uri).retrieve().toEntity(String.class);
        }

        ResponseEntity<String> patch(String uri, String body) {
            return network.client("gateway", agency).patch().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body)
                    .retrieve().toEntity(String.class);
        }

        ResponseEntity<String> delete(String uri) {
            return network.client("gateway", agency).delete().uri(uri).retrieve().toEntity(String.class);
        }
    }
}
