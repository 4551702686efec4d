package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeApplier;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions (F6) at the national server through the gateway's identity: who may subscribe
 * under which rule (refusals recorded), listed targets by NDJSON, the fan-out of national changes
 * into the feeds in the register's transaction (only the rule's fields, deaths only for SURVIVAL, a
 * criterion decided by the rule's scope, nothing for a paused subscription), pull after N, and an
 * agency that cannot see or change another's subscription.
 */
class SubscriptionsApiTest extends MtlsProvisionTest {

    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";
    private static final String NDJSON = "application/x-ndjson";
    private static final AtomicLong SERIALS = new AtomicLong(7_000_000_000L);
    private static final AtomicLong SEQUENCES = new AtomicLong(1_000_000);

    @Autowired
    NoticeApplier notices;

    private IdentityInformation aiko;
    private IdentityInformation ben;
    private IdentityInformation chie;
    private IdentityInformation osakan;

    @BeforeEach
    void residents() {
        aiko = resident("131016", "相田", "愛子");
        ben = resident("131016", "別府", "勉");
        chie = resident("131016", "千田", "知恵");
        osakan = resident("272035", "大坂", "次郎");
        // their births (J-LIS allocated the codes: here they are simply in the register); their changes come as notices
        register(aiko, ben, chie, osakan);
    }

    @Test
    void everyChangeOfAListedPersonArrivesInOrderWithOnlyTheRulesFields() {
        JsonNode subscription = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"));
        String id = subscription.get("id").asString();
        assertThat(subscription.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(subscription.get("head").asLong()).isZero();

        List<JsonNode> answers = lines(targets("agency-nenkin", id, """
                {"op":"add","residentCode":"%s"}
                {"op":"add","myNumber":"%s"}
                {"op":"add","residentCode":"99999999999"}
                {"op":"nonsense"}
                """.formatted(aiko.residentCode().value(), ben.myNumber().value())));
        assertThat(answers).extracting(line -> line.get("outcome").asString())
                .containsExactly("ADDED", "ADDED", "INVALID", "INVALID");
        assertThat(answers).extracting(line -> line.get("line").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(json(get("agency-nenkin", id)).get("targets").asLong()).isEqualTo(2);

        IdentityInformation aikoRenamed = changed(aiko, ChangeReason.NAME_CHANGE, "相田", "愛");
        IdentityInformation benDied = died(ben);
        apply(aikoRenamed, changed(chie, ChangeReason.MOVE_WITHIN, "千田", "知恵"), benDied);

        List<JsonNode> feed = lines(events("agency-nenkin", id, 0, null));
        assertThat(feed).extracting(event -> event.get("sequence").asLong()).containsExactly(1L, 2L);
        assertThat(feed).extracting(event -> event.get("kind").asString()).containsExactly("CHANGE", "CHANGE");
        assertThat(feed).extracting(event -> event.get("reason").asString()).containsExactly("NAME_CHANGE", "DEATH");
        JsonNode information = feed.get(0).get("information");
        assertThat(information.get("residentCode").asString()).isEqualTo(aiko.residentCode().value());
        assertThat(information.get("person").get("name").get("given").asString()).isEqualTo("愛");
        // the rule gives the My Number; the rule of the survival subscription below does not
        assertThat(information.has("myNumber")).isTrue();
        assertThat(json(get("agency-nenkin", id)).get("head").asLong()).isEqualTo(2);

        // pull after N returns exactly the rest, and every event read is recorded as a provision first
        long before = recordCount();
        List<JsonNode> rest = lines(events("agency-nenkin", id, 1, null));
        assertThat(rest).extracting(event -> event.get("sequence").asLong()).containsExactly(2L);
        assertThat(recordCount()).isEqualTo(before + 1);
        Map<String, Object> record = last(recordsAbout(ben.residentCode()));
        assertThat(record).containsEntry("recipient", "agency-nenkin").containsEntry("basis", "nenkin-30-9-change-check")
                .containsEntry("outcome", "PROVIDED").containsEntry("lookup_key", "RESIDENT_CODE");
        assertThat(lines(events("agency-nenkin", id, 2, null))).isEmpty();
        assertThat(lines(events("agency-nenkin", id, 0, 1))).extracting(event -> event.get("sequence").asLong())
                .containsExactly(1L);
    }

    @Test
    void aDeathYieldsASurvivalEventForEverySubscriptionTargetingThePersonAndNoOther() {
        String survival = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}")).get("id").asString();
        String kokuho = created(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}")).get("id").asString();
        String other = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"SURVIVAL\",\"target\":\"LISTED\"}")).get("id").asString();
        add("agency-nenkin", survival, aiko, ben);
        add("agency-lg131016-kokuho", kokuho, ben);
        add("agency-nenkin", other, chie);

        apply(changed(aiko, ChangeReason.MOVE_WITHIN, "相田", "愛子"), died(ben));

        List<JsonNode> first = lines(events("agency-nenkin", survival, 0, null));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).get("kind").asString()).isEqualTo("SURVIVAL");
        assertThat(first.get(0).get("information").get("residentCode").asString()).isEqualTo(ben.residentCode().value());
        List<JsonNode> second = lines(events("agency-lg131016-kokuho", kokuho, 0, null));
        assertThat(second).extracting(e -> e.get("kind").asString()).containsExactly("SURVIVAL");
        // each feed carries its own rule's fields: the kokuho rule gives neither the resident code nor the My Number
        assertThat(second.get(0).get("information").has("residentCode")).isFalse();
        assertThat(second.get(0).get("information").has("myNumber")).isFalse();
        assertThat(second.get(0).get("information").get("status").asString()).isEqualTo("REMOVED");
        assertThat(lines(events("agency-nenkin", other, 0, null))).isEmpty();
    }

    @Test
    void aCriterionFollowsTheRulesScopeAndAPausedSubscriptionGetsNothing() {
        String id = created(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"BATCHED\",\"frequency\":\"DAILY\",\"target\":\"CRITERION\"}"))
                .get("id").asString();
        apply(changed(aiko, ChangeReason.MOVE_WITHIN, "相田", "愛子"), changed(osakan, ChangeReason.MOVE_WITHIN, "大坂", "次郎"));
        List<JsonNode> feed = lines(events("agency-lg131016-kokuho", id, 0, null));
        // everyone notified by prefecture 13 (other tests' residents too), no one of 27
        assertThat(feed).isNotEmpty();
        assertThat(last(feed).get("changeId")).isNotNull();
        assertThat(feed.toString()).doesNotContain("大坂").doesNotContain("residentCode").doesNotContain("myNumber");
        long head = json(get("agency-lg131016-kokuho", id)).get("head").asLong();

        ResponseEntity<String> paused = patch("agency-lg131016-kokuho", id, "{\"status\":\"PAUSED\"}");
        assertThat(paused.getStatusCode()).isEqualTo(HttpStatus.OK);
        apply(changed(aiko, ChangeReason.MOVE_WITHIN, "相田", "愛子"));
        assertThat(json(get("agency-lg131016-kokuho", id)).get("head").asLong()).isEqualTo(head);

        assertThat(json(patch("agency-lg131016-kokuho", id, "{\"status\":\"ACTIVE\",\"frequency\":\"WEEKLY\"}"))
                .get("frequency").asString()).isEqualTo("WEEKLY");
        apply(changed(aiko, ChangeReason.MOVE_WITHIN, "相田", "愛子"));
        assertThat(json(get("agency-lg131016-kokuho", id)).get("head").asLong()).isGreaterThan(head);

        ResponseEntity<String> cancelled = through("agency-lg131016-kokuho").delete().uri(SUBSCRIPTIONS + "/" + id)
                .retrieve().toEntity(String.class);
        assertThat(json(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        long last = json(get("agency-lg131016-kokuho", id)).get("head").asLong();
        apply(changed(aiko, ChangeReason.MOVE_WITHIN, "相田", "愛子"));
        assertThat(json(get("agency-lg131016-kokuho", id)).get("head").asLong()).isEqualTo(last);
        assertThat(patch("agency-lg131016-kokuho", id, "{\"status\":\"ACTIVE\"}").getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void anotherAgencyCannotReadOrChangeTheSubscription() {
        String id = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}")).get("id").asString();
        add("agency-nenkin", id, aiko);
        apply(changed(aiko, ChangeReason.NAME_CHANGE, "相田", "愛"));

        assertNotFound(get("agency-sia", id));
        assertNotFound(events("agency-sia", id, 0, null));
        assertNotFound(patch("agency-sia", id, "{\"status\":\"PAUSED\"}"));
        assertNotFound(targets("agency-sia", id, "{\"op\":\"remove\",\"residentCode\":\"" + aiko.residentCode().value() + "\"}\n"));
        assertNotFound(through("agency-sia").delete().uri(SUBSCRIPTIONS + "/" + id).retrieve().toEntity(String.class));
        assertThat(json(through("agency-sia").get().uri(SUBSCRIPTIONS).retrieve().toEntity(String.class)).valueStream()
                .map(s -> s.get("id").asString())).doesNotContain(id);
        JsonNode mine = json(get("agency-nenkin", id));
        assertThat(mine.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(mine.get("targets").asLong()).isEqualTo(1);
        assertThat(json(through("agency-nenkin").get().uri(SUBSCRIPTIONS).retrieve().toEntity(String.class))
                .valueStream().map(s -> s.get("id").asString())).contains(id);
    }

    @Test
    void aRuleWithoutSubscriptionsAModeItDoesNotAllowAndATargetOutsideItsScopeAreRefusedAndRecorded() {
        assertRefused(create("agency-moj", "{\"basis\":\"moj-30-9-bar-exam\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"),
                "basis", "agency-moj", "SUBSCRIPTION_NOT_ALLOWED");
        assertRefused(create("agency-nta", "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"),
                "mode", "agency-nta", "MODE_NOT_ALLOWED");
        assertRefused(create("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"CRITERION\"}"),
                "target", "agency-nenkin", "TARGET_NOT_ALLOWED");
        assertRefused(create("agency-sia", "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}"),
                "basis", "agency-sia", "NOT_RECIPIENT");

        // the milestone mode and age the rule allows, but of listed persons, which it does not
        assertRefused(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":20,\"target\":\"LISTED\"}"),
                "target", "agency-nenkin", "TARGET_NOT_ALLOWED");
        assertRefused(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":21,\"target\":\"CRITERION\"}"),
                "mode", "agency-nenkin", "MODE_NOT_ALLOWED");
        assertThat(create("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"BATCHED\",\"target\":\"LISTED\"}")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        // a listed person outside the rule's 通知都道府県 scope: refused on its line and recorded about them
        String id = created(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}")).get("id").asString();
        List<JsonNode> answers = lines(targets("agency-lg131016-kokuho", id, """
                {"op":"add","residentCode":"%s"}
                {"op":"add","residentCode":"%s"}
                {"op":"add","myNumber":"%s"}
                """.formatted(osakan.residentCode().value(), aiko.residentCode().value(), aiko.myNumber().value())));
        assertThat(answers).extracting(line -> line.get("outcome").asString()).containsExactly("REFUSED", "ADDED", "REFUSED");
        assertThat(answers.get(2).get("error").get("field").asString()).isEqualTo("myNumber");
        assertThat(last(recordsAbout(osakan.residentCode()))).containsEntry("recipient", "agency-lg131016-kokuho")
                .containsEntry("outcome", "REFUSED").containsEntry("refusal", "OUT_OF_SCOPE");
        assertThat(answers.toString()).doesNotContain(osakan.residentCode().value());
    }

    @Test
    void aFailingFanOutRollsTheRegisterChangeBack() {
        String id = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-change-check\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}")).get("id").asString();
        add("agency-nenkin", id, aiko);
        jdbc.sql("""
                CREATE FUNCTION fail_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'fan-out fails'; END; $$""").update();
        jdbc.sql("""
                CREATE TRIGGER fail_fan_out BEFORE INSERT ON subscription_events
                FOR EACH ROW WHEN (NEW.subscription_id = '%s') EXECUTE FUNCTION fail_fan_out()""".formatted(id)).update();
        IdentityInformation renamed = changed(aiko, ChangeReason.NAME_CHANGE, "相田", "藍");
        try {
            assertThatThrownBy(() -> apply(renamed)).hasMessageContaining("fan-out fails");
        } finally {
            jdbc.sql("DROP TRIGGER fail_fan_out ON subscription_events").update();
            jdbc.sql("DROP FUNCTION fail_fan_out()").update();
        }
        // the change is not in the register either: no event was lost, none invented
        assertThat(register.find(aiko.residentCode()).orElseThrow().name().given()).isEqualTo("愛子");
        assertThat(json(get("agency-nenkin", id)).get("head").asLong()).isZero();
        // sent again (as the unacknowledged notice would be), it is recorded and fanned out together
        apply(renamed);
        assertThat(register.find(aiko.residentCode()).orElseThrow().name().given()).isEqualTo("藍");
        assertThat(lines(events("agency-nenkin", id, 0, null))).hasSize(1);
    }

    // --- helpers

    private IdentityInformation resident(String municipality, String family, String given) {
        long serial = SERIALS.incrementAndGet();
        return new IdentityInformation(jp.jukinet.model.code.ResidentCode.fromSerial(serial),
                jp.jukinet.model.code.MyNumber.fromData(serial * 7 + 3), PersonName.of(family, given, "カナ", "カナ"),
                LocalDate.of(1980, 1, 1), Sex.FEMALE, new jp.jukinet.model.identity.Address("東京都千代田区千代田1番1号"),
                LocalGovernmentCode.of(municipality), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1980, 1, 1), LocalDate.of(1980, 1, 2)));
    }

    private static IdentityInformation changed(IdentityInformation identity, ChangeReason reason, String family, String given) {
        return new IdentityInformation(identity.residentCode(), identity.myNumber(), PersonName.of(family, given, "カナ", "カナ"),
                identity.dateOfBirth(), identity.sex(), identity.address(), identity.municipality(), ResidentStatus.ACTIVE,
                new ChangeInformation(reason, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)));
    }

    private static IdentityInformation died(IdentityInformation identity) {
        return new IdentityInformation(identity.residentCode(), identity.myNumber(), identity.name(),
                identity.dateOfBirth(), identity.sex(), identity.address(), identity.municipality(), ResidentStatus.REMOVED,
                new ChangeInformation(ChangeReason.DEATH, LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4)));
    }

    /** National changes as the prefecture servers' notices bring them, in one transaction as the inbox applies them. */
    private void apply(IdentityInformation... changes) {
        transactions.executeWithoutResult(status -> notices.apply(Arrays.stream(changes)
                .map(identity -> ChangeNotice.of(UUID.randomUUID(), NodeId.prefecture(identity.municipality().prefecture()),
                        SEQUENCES.incrementAndGet(), Instant.now(), identity))
                .toList()));
    }

    private ResponseEntity<String> create(String caller, String body) {
        return through(caller).post().uri(SUBSCRIPTIONS).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private static JsonNode created(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CREATED);
        return json(answer);
    }

    private ResponseEntity<String> get(String caller, String id) {
        return through(caller).get().uri(SUBSCRIPTIONS + "/" + id).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> patch(String caller, String id, String body) {
        return through(caller).patch().uri(SUBSCRIPTIONS + "/" + id).contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> targets(String caller, String id, String ndjson) {
        return through(caller).post().uri(SUBSCRIPTIONS + "/" + id + "/targets").contentType(MediaType.parseMediaType(NDJSON))
                .body(ndjson).retrieve().toEntity(String.class);
    }

    private void add(String caller, String id, IdentityInformation... people) {
        StringBuilder body = new StringBuilder();
        for (IdentityInformation person : people) {
            body.append("{\"op\":\"add\",\"residentCode\":\"").append(person.residentCode().value()).append("\"}\n");
        }
        assertThat(lines(targets(caller, id, body.toString()))).allSatisfy(line ->
                assertThat(line.get("outcome").asString()).isEqualTo("ADDED"));
    }

    private ResponseEntity<String> events(String caller, String id, long after, Integer limit) {
        return through(caller).get().uri(SUBSCRIPTIONS + "/" + id + "/events?after=" + after
                + (limit == null ? "" : "&limit=" + limit)).retrieve().toEntity(String.class);
    }

    private static List<JsonNode> lines(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        String body = answer.getBody() == null ? "" : answer.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(line -> JukiNetJson.mapper().readTree(line)).toList();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }

    private static void assertNotFound(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private void assertRefused(ResponseEntity<String> answer, String field, String caller, String reason) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).isEqualTo(field);
        Map<String, Object> newest = jdbc.sql("SELECT * FROM provision_records ORDER BY seq DESC LIMIT 1").query().singleRow();
        assertThat(newest).containsEntry("recipient", caller).containsEntry("outcome", "REFUSED")
                .containsEntry("refusal", reason).containsEntry("lookup_key", "SUBSCRIPTION").containsEntry("resident_code", null);
    }
}
