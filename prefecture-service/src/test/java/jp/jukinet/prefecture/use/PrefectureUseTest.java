package jp.jukinet.prefecture.use;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

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
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.provision.BatchLookups;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * The prefecture's own use at the node: the consents of item 3 (given, shown, revoked; a batch
 * decides each line by its person's consent) and the statistics of item 4 (small cells left out).
 * Every rule of the shipped files, through the real gateway, is {@code PrefectureRulesTest} in
 * network-tests.
 */
@ServiceIntegrationTest
@Import(PrefectureUseTest.TestClock.class)
class PrefectureUseTest {

    private static final String CONSENT = "pref13-30-15-1-consent";
    private static final AtomicLong SERIAL = new AtomicLong(6_200_000_000L);

    @DynamicPropertySource
    static void pki(DynamicPropertyRegistry registry) {
        TestPki.registerNode(registry, "pref-13");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        Clock testClock() {
            return Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ResidentRegister register;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void consentIsGivenShownAndRevokedByThePersonAndEachChangeIsKept() {
        IdentityInformation person = resident("131130", LocalDate.of(1980, 1, 1), Sex.FEMALE);
        String code = person.residentCode().value();
        JsonNode before = json(through("resident-" + code).get().uri(consents(code)).retrieve().toEntity(String.class));
        assertThat(before.size()).isEqualTo(1);
        assertThat(before.get(0).get("basis").asString()).isEqualTo(CONSENT);
        assertThat(before.get(0).get("consented").asBoolean()).isFalse();
        assertThat(before.get(0).has("since")).isFalse();

        // revoking what was never given changes nothing
        assertThat(json(change(code, false)).get("consented").asBoolean()).isFalse();
        assertThat(rows(code)).isZero();
        assertThat(json(change(code, true)).get("consented").asBoolean()).isTrue();
        assertThat(json(change(code, true)).get("consented").asBoolean()).isTrue();
        assertThat(json(change(code, false)).get("consented").asBoolean()).isFalse();
        assertThat(json(change(code, false)).get("consented").asBoolean()).isFalse();
        assertThat(rows(code)).isEqualTo(3); // given, given again, revoked
        JsonNode after = json(through("resident-" + code).get().uri(consents(code)).retrieve().toEntity(String.class));
        assertThat(after.get(0).get("consented").asBoolean()).isFalse();
        assertThat(after.get(0).get("since").asString()).startsWith("2026-12-01");
    }

    @Test
    void aPathThatNamesNoResidentCodeIsInvalidAndAnotherPersonsIsForbidden() {
        ResponseEntity<String> invalid = through("resident-123").put().uri(consents("123") + "/" + CONSENT)
                .retrieve().toEntity(String.class);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(invalid).get("field").asString()).isEqualTo("residentCode");
        IdentityInformation person = resident("131130", LocalDate.of(1980, 1, 1), Sex.FEMALE);
        ResponseEntity<String> other = through("resident-" + ResidentCode.fromSerial(1L).value()).put()
                .uri(consents(person.residentCode().value()) + "/" + CONSENT).retrieve().toEntity(String.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(other).get("field").asString()).isEqualTo("residentCode");
        assertThat(rows(person.residentCode().value())).isZero();
    }

    @Test
    void aBatchUnderARuleOfConsentAnswersOnlyThePeopleWhoConsented() {
        IdentityInformation consenting = resident("131130", LocalDate.of(1985, 5, 5), Sex.MALE);
        IdentityInformation silent = resident("131130", LocalDate.of(1985, 5, 5), Sex.MALE);
        assertThat(change(consenting.residentCode().value(), true).getStatusCode()).isEqualTo(HttpStatus.OK);
        String lines = line(consenting) + "\n" + line(silent) + "\n";
        ResponseEntity<String> answer = through("agency-pref13-kenmin").post().uri("/api/v1/prefectures/13/lookups/batch")
                .contentType(MediaType.parseMediaType(BatchLookups.NDJSON)).body(lines).retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> results = answer.getBody().lines().map(line -> JukiNetJson.mapper().readTree(line)).toList();
        assertThat(results.get(0).get("outcome").asString()).isEqualTo("PROVIDED");
        assertThat(results.get(1).get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(answer.getBody()).doesNotContain(silent.residentCode().value());
        assertThat(jdbc.sql("SELECT refusal FROM provision_records WHERE resident_code = :code")
                .param("code", silent.residentCode().value()).query(String.class).list()).containsExactly("NO_CONSENT");
    }

    @Test
    void statisticsLeaveOutCellsThatCouldSingleAPersonOut() {
        // the only residents of 千代田区 aged 100 or more in this database
        LocalDate born = LocalDate.of(1920, 2, 2);
        resident("131016", born, Sex.MALE);
        resident("131016", born, Sex.MALE);
        JsonNode two = statistics();
        assertThat(cell(two, "131016", "100+", "MALE")).isNull();
        assertThat(two.get("suppressedCells").asInt()).isPositive();
        assertThat(two.get("minimumCount").asInt()).isEqualTo(3);
        resident("131016", born, Sex.MALE);
        JsonNode three = statistics();
        assertThat(cell(three, "131016", "100+", "MALE").get("count").asLong()).isEqualTo(3);
        assertThat(three.get("asOf").asString()).isEqualTo("2026-12-01");
        assertThat(jdbc.sql("SELECT lookup_key FROM provision_records ORDER BY seq DESC LIMIT 1").query(String.class)
                .single()).isEqualTo("AGGREGATE");
    }

    private JsonNode statistics() {
        ResponseEntity<String> answer = through("agency-pref13-toukei").get()
                .uri("/api/v1/prefectures/13/statistics?basis=pref13-30-15-1-statistics").retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json(answer);
    }

    private static JsonNode cell(JsonNode statistics, String municipality, String band, String sex) {
        return statistics.get("cells").valueStream().filter(cell -> cell.get("municipality").asString().equals(municipality)
                && cell.get("ageBand").asString().equals(band) && cell.get("sex").asString().equals(sex))
                .findFirst().orElse(null);
    }

    private static String line(IdentityInformation person) {
        return "{\"basis\":\"" + CONSENT + "\",\"residentCode\":\"" + person.residentCode().value() + "\"}";
    }

    private ResponseEntity<String> change(String code, boolean give) {
        RestClient client = through("resident-" + code);
        String uri = consents(code) + "/" + CONSENT;
        return give ? client.put().uri(uri).retrieve().toEntity(String.class)
                : client.delete().uri(uri).retrieve().toEntity(String.class);
    }

    private long rows(String code) {
        return jdbc.sql("SELECT count(*) FROM use_consents WHERE resident_code = :code").param("code", code)
                .query(Long.class).single();
    }

    private static String consents(String code) {
        return "/api/v1/prefectures/13/residents/" + code + "/consents";
    }

    private IdentityInformation resident(String municipality, LocalDate born, Sex sex) {
        long serial = SERIAL.incrementAndGet();
        IdentityInformation person = new IdentityInformation(ResidentCode.fromSerial(serial), MyNumber.fromData(serial),
                PersonName.of("山田", "太郎", "ヤマダ", "タロウ"), born, sex, new Address("東京都千代田区千代田1番1号"),
                LocalGovernmentCode.of(municipality), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, born, born));
        transactions.executeWithoutResult(status -> register.record(List.of(new RecordedChange(UUID.randomUUID(),
                NodeId.of("cs-" + municipality), null, Instant.now(), person, null, null))));
        return person;
    }

    private RestClient through(String caller) {
        return TestPki.throughGateway("https://localhost:" + port, caller);
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }
}
