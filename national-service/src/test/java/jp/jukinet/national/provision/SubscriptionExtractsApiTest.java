package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.provision.subscription.SubscriptionExtracts;
import tools.jackson.databind.JsonNode;

/**
 * The extract modes through the HTTP API of the national server, the job driven by hand on the
 * provision tests' clock: MILESTONE_AGE subscriptions of 日本年金機構 (national) and of 千代田区's
 * 国民健康保険 (東京都 only) read by pull, and an AS_OF batch of 国税庁 before a mailing, from its
 * creation (held) to its completion.
 *
 * <p>The provision test classes share one database holding residents born up to about 2020, so
 * these residents are born in 2028 and 2030 and the clock is moved to the years they attain the
 * rules' ages: every extract then holds this class's residents only, and "exactly" means exactly.
 */
class SubscriptionExtractsApiTest extends MtlsProvisionTest {

    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final AtomicLong SERIALS = new AtomicLong(9_100_000_000L);
    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    private static final LocalGovernmentCode TOYONAKA = LocalGovernmentCode.of("272035");

    @Autowired
    SubscriptionExtracts extracts;

    @AfterEach
    void clockBack() {
        clock.set(START);
    }

    @Test
    void eachMonthThePersonsReachingTheAgeInTheRulesScopeAcrossBothPrefecturesAreInTheFeed() {
        // 20 in February 2048 (leap): born 2 February to 1 March 2028; 40 in February 2068 likewise
        IdentityInformation tokyoFirstOfFebruary = born("2028-02-01", CHIYODA, "一日");
        IdentityInformation osakaMid = born("2028-02-14", TOYONAKA, "十四日");
        IdentityInformation tokyoLeapDay = born("2028-02-29", CHIYODA, "閏日");
        IdentityInformation osakaFirstOfMarch = born("2028-03-01", TOYONAKA, "三月一日");
        IdentityInformation march = born("2028-03-02", CHIYODA, "三月二日");
        register(tokyoFirstOfFebruary, osakaMid, tokyoLeapDay, osakaFirstOfMarch, march);

        at("2048-02-01T00:00:30");
        JsonNode nenkin = created(create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":20,\"target\":\"CRITERION\"}"));
        assertThat(nenkin.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(nenkin.get("milestoneAge").asInt()).isEqualTo(20);
        String id = nenkin.get("id").asString();
        extracts.runDue();

        long before = recordCount();
        List<JsonNode> feed = lines(events("agency-nenkin", id, 0));
        assertThat(feed).extracting(e -> e.get("sequence").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(feed).extracting(e -> e.get("kind").asString()).containsOnly("MILESTONE");
        assertThat(feed).extracting(e -> e.get("information").get("residentCode").asString()).containsExactly(
                osakaMid.residentCode().value(), tokyoLeapDay.residentCode().value(), osakaFirstOfMarch.residentCode().value());
        // the day the age is attained: 29 February's child on the 28th, 1 March's on the 29th (2048 is leap)
        assertThat(feed).extracting(e -> e.get("changeDate").asString()).containsExactly("2048-02-13", "2048-02-28",
                "2048-02-29");
        assertThat(feed).allSatisfy(e -> assertThat(e.get("information").has("myNumber")).isFalse());
        // read by pull: each a provision, recorded before it was written
        assertThat(recordCount()).isEqualTo(before + 3);
        assertThat(last(recordsAbout(tokyoLeapDay.residentCode()))).containsEntry("recipient", "agency-nenkin")
                .containsEntry("basis", "nenkin-30-9-milestone-age").containsEntry("outcome", "PROVIDED");

        // the job again the same month: nothing twice
        extracts.runDue();
        assertThat(json(get("agency-nenkin", id)).get("head").asLong()).isEqualTo(3);
        assertThat(through("agency-nenkin").delete().uri(SUBSCRIPTIONS + "/" + id).retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // 千代田区 (30-10: persons notified by 東京都 only), made mid-January 2068: January at once, then February
        at("2068-01-20T15:00");
        String kokuho = created(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":40,\"target\":\"CRITERION\"}"))
                .get("id").asString();
        extracts.runDue();
        at("2068-02-01T09:00");
        extracts.runDue();
        List<JsonNode> tokyo = lines(events("agency-lg131016-kokuho", kokuho, 0));
        assertThat(tokyo).extracting(e -> e.get("information").get("person").get("name").get("given").asString())
                .containsExactly("一日", "閏日");
        assertThat(tokyo).extracting(e -> e.get("changeDate").asString()).containsExactly("2068-01-31", "2068-02-28");
        // only the rule's fields: no resident code, no number
        assertThat(tokyo.toString()).doesNotContain("residentCode").doesNotContain("myNumber").doesNotContain("大阪");
    }

    @Test
    void anAsOfBatchIsHeldUntilResumedWrittenOnceOnItsDateAndThenItsTargetsAreClosed() {
        IdentityInformation aiko = born("1975-05-05", CHIYODA, "愛子");
        IdentityInformation movedLater = new IdentityInformation(aiko.residentCode(), aiko.myNumber(), aiko.name(),
                aiko.dateOfBirth(), aiko.sex(), new Address("東京都千代田区丸の内9番9号"), aiko.municipality(),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2030, 4, 10),
                LocalDate.of(2030, 4, 10)));
        IdentityInformation babyLater = born("2030-04-05", CHIYODA, "赤子");
        register(aiko, babyLater);
        register(movedLater);

        at("2030-03-01T10:00");
        JsonNode subscription = created(create("agency-nta",
                "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"AS_OF\",\"asOf\":\"2030-03-31\",\"target\":\"LISTED\"}"));
        String id = subscription.get("id").asString();
        // held until the agency has listed its targets
        assertThat(subscription.get("status").asString()).isEqualTo("PAUSED");
        assertThat(subscription.get("asOf").asString()).isEqualTo("2030-03-31");
        assertThat(lines(targets("agency-nta", id, """
                {"op":"add","residentCode":"%s"}
                {"op":"add","residentCode":"%s"}
                """.formatted(aiko.residentCode().value(), babyLater.residentCode().value()))))
                .extracting(line -> line.get("outcome").asString()).containsExactly("ADDED", "ADDED");
        // a batch as of a day already past is held as well, then written at once when resumed
        String past = created(create("agency-nta",
                "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"AS_OF\",\"asOf\":\"2030-02-28\",\"target\":\"LISTED\"}"))
                .get("id").asString();
        assertThat(lines(targets("agency-nta", past, "{\"op\":\"add\",\"residentCode\":\"" + aiko.residentCode().value()
                + "\"}\n"))).hasSize(1);
        extracts.runDue();
        assertThat(json(get("agency-nta", past)).get("head").asLong()).isZero();
        patch("agency-nta", past, "{\"status\":\"ACTIVE\"}");
        extracts.runDue();
        assertThat(json(get("agency-nta", past)).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(lines(events("agency-nta", past, 0))).extracting(e -> e.get("changeDate").asString())
                .containsExactly("2030-02-28");

        at("2030-03-02T10:00");
        assertThat(json(patch("agency-nta", id, "{\"status\":\"ACTIVE\"}")).get("status").asString()).isEqualTo("ACTIVE");
        at("2030-03-30T23:59");
        extracts.runDue();
        assertThat(json(get("agency-nta", id)).get("head").asLong()).isZero(); // before the date: nothing

        at("2030-03-31T00:00:05");
        extracts.runDue();
        extracts.runDue();
        JsonNode completed = json(get("agency-nta", id));
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.get("head").asLong()).isEqualTo(1);
        List<JsonNode> feed = lines(events("agency-nta", id, 0));
        assertThat(feed).hasSize(1);
        JsonNode event = feed.get(0);
        assertThat(event.get("kind").asString()).isEqualTo("AS_OF");
        assertThat(event.get("changeDate").asString()).isEqualTo("2030-03-31");
        assertThat(event.has("changeId")).isFalse();
        // the address of the 31st, not the later move; and nothing about the child registered after the date
        assertThat(event.get("information").get("person").get("address").get("text").asString())
                .isEqualTo(aiko.address().text());
        assertThat(feed.toString()).doesNotContain("赤子");
        assertThat(last(recordsAbout(aiko.residentCode()))).containsEntry("recipient", "agency-nta")
                .containsEntry("outcome", "PROVIDED");
        assertThat(recordsAbout(babyLater.residentCode())).noneMatch(r -> "agency-nta".equals(r.get("recipient")));

        // the batch is written: its targets and its status no longer change
        ResponseEntity<String> late = targets("agency-nta", id, "{\"op\":\"add\",\"residentCode\":\""
                + aiko.residentCode().value() + "\"}\n");
        assertProblem(late, HttpStatus.CONFLICT, "status");
        assertProblem(patch("agency-nta", id, "{\"status\":\"ACTIVE\"}"), HttpStatus.CONFLICT, "status");
        assertProblem(patch("agency-nta", id, "{\"status\":\"COMPLETED\"}"), HttpStatus.BAD_REQUEST, "status");
        assertThat(json(get("agency-nta", id)).get("status").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void anUploadMeetingItsBatchIsEitherInItOrRefusedAfterIt() throws Exception {
        IdentityInformation person = born("1965-06-06", CHIYODA, "途中");
        register(person);
        at("2031-01-10T10:00");
        String id = created(create("agency-nta",
                "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"AS_OF\",\"asOf\":\"2031-01-31\",\"target\":\"LISTED\"}"))
                .get("id").asString();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // the batch, as SubscriptionExtracts writes it: the subscription's row locked, then COMPLETED at commit
            Future<?> batch = threads.submit(() -> transactions.executeWithoutResult(status -> {
                jdbc.sql("SELECT id FROM subscriptions WHERE id = CAST(:id AS uuid) FOR UPDATE").param("id", id).query().listOfRows();
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                jdbc.sql("UPDATE subscriptions SET status = 'COMPLETED', version = version + 1 WHERE id = CAST(:id AS uuid)")
                        .param("id", id).update();
            }));
            locked.await();
            Future<ResponseEntity<String>> upload = threads.submit(() -> targets("agency-nta", id,
                    "{\"op\":\"add\",\"residentCode\":\"" + person.residentCode().value() + "\"}\n"));
            // the upload's chunk waits for the batch's lock...
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                    .query(Long.class).single() > 0);
            release.countDown();
            batch.get(20, TimeUnit.SECONDS);
            // ...and, the batch written, is refused: nothing of it is applied
            assertProblem(upload.get(20, TimeUnit.SECONDS), HttpStatus.CONFLICT, "status");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
        assertThat(json(get("agency-nta", id)).get("targets").asLong()).isZero();
    }

    @Test
    void extractModesAreRefusedWhereTheRuleOrTheTargetDoesNotFitThem() {
        // a rule that does not allow AS_OF: refused and recorded
        ResponseEntity<String> asOf = create("agency-nenkin",
                "{\"basis\":\"nenkin-30-9-milestone-age\",\"mode\":\"AS_OF\",\"asOf\":\"2026-12-31\",\"target\":\"LISTED\"}");
        assertProblem(asOf, HttpStatus.FORBIDDEN, "mode");
        Map<String, Object> newest = jdbc.sql("SELECT * FROM provision_records ORDER BY seq DESC LIMIT 1").query().singleRow();
        assertThat(newest).containsEntry("recipient", "agency-nenkin").containsEntry("refusal", "MODE_NOT_ALLOWED")
                .containsEntry("lookup_key", "SUBSCRIPTION");
        // an age the rule does not name
        assertProblem(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":20,\"target\":\"CRITERION\"}"),
                HttpStatus.FORBIDDEN, "mode");
        // allowed by the rule, but a milestone follows the rule's criterion, not a list
        assertProblem(create("agency-lg131016-kokuho",
                "{\"basis\":\"lg131016-30-10-kokuho\",\"mode\":\"MILESTONE_AGE\",\"milestoneAge\":40,\"target\":\"LISTED\"}"),
                HttpStatus.BAD_REQUEST, "target");
        assertProblem(create("agency-nta", "{\"basis\":\"nta-30-9-refund-notice\",\"mode\":\"AS_OF\",\"target\":\"LISTED\"}"),
                HttpStatus.BAD_REQUEST, "asOf");
    }

    // --- helpers

    private IdentityInformation born(String day, LocalGovernmentCode municipality, String given) {
        long serial = SERIALS.incrementAndGet();
        LocalDate birth = LocalDate.parse(day);
        return new IdentityInformation(ResidentCode.fromSerial(serial), MyNumber.fromData(serial * 7 + 3),
                PersonName.of("節目", given, "フシメ", "カナ"), birth, Sex.FEMALE,
                new Address(municipality.equals(CHIYODA) ? "東京都千代田区千代田1番1号" : "大阪府豊中市中桜塚1番1号"),
                municipality, ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, birth, birth));
    }

    private void at(String japanLocalDateTime) {
        clock.set(LocalDateTime.parse(japanLocalDateTime).atZone(JAPAN).toInstant());
    }

    private ResponseEntity<String> create(String caller, String body) {
        return through(caller).post().uri(SUBSCRIPTIONS).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private ResponseEntity<String> get(String caller, String id) {
        return through(caller).get().uri(SUBSCRIPTIONS + "/" + id).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> patch(String caller, String id, String body) {
        return through(caller).patch().uri(SUBSCRIPTIONS + "/" + id).contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> targets(String caller, String id, String ndjson) {
        return through(caller).post().uri(SUBSCRIPTIONS + "/" + id + "/targets")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(ndjson).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> events(String caller, String id, long after) {
        return through(caller).get().uri(SUBSCRIPTIONS + "/" + id + "/events?after=" + after).retrieve()
                .toEntity(String.class);
    }

    private static JsonNode created(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CREATED);
        return json(answer);
    }

    private static List<JsonNode> lines(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        String body = answer.getBody() == null ? "" : answer.getBody();
        return body.lines().filter(line -> !line.isBlank()).map(line -> JukiNetJson.mapper().readTree(line)).toList();
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static void assertProblem(ResponseEntity<String> answer, HttpStatus status, String field) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).isEqualTo(field);
    }

}
