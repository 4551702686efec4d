package jp.jukinet.prefecture.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
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
import jp.jukinet.model.provision.ProvisionRulesLoader;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestPki;
import tools.jackson.databind.JsonNode;

/**
 * The prefecture's provision (Art. 30-15(2), 別表第6 and ordinances) through the gateway with mutual
 * TLS, against its own register and rules file: the same checks as J-LIS's, every answer recorded.
 */
@ServiceIntegrationTest
@Import(PrefectureLookupsTest.TestClock.class)
class PrefectureLookupsTest {

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

    @Autowired
    ProvisionRecords records;

    private IdentityInformation hanako;

    @BeforeEach
    void resident() {
        hanako = new IdentityInformation(ResidentCode.fromSerial(6_000_000_001L), MyNumber.fromData(60_000_000_001L),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(2009, 4, 1), Sex.FEMALE,
                new Address("東京都渋谷区宇田川町1番1号"), LocalGovernmentCode.of("131130"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(2009, 4, 1), LocalDate.of(2009, 4, 3)));
        transactions.executeWithoutResult(status -> register.record(List.of(new RecordedChange(UUID.randomUUID(),
                NodeId.of("cs-131130"), null, Instant.now(), hanako, null, null))));
    }

    @Test
    void theShippedRulesFilesLoad() throws IOException {
        for (String pref : List.of("13", "27")) {
            try (InputStream in = getClass().getResourceAsStream("/provision-rules-pref-" + pref + ".json")) {
                assertThat(ProvisionRulesLoader.load(in).rules()).isNotEmpty()
                        .allSatisfy(rule -> assertThat(rule.recipient()).startsWith("agency-pref" + pref + "-"));
            }
        }
    }

    @Test
    void providesUnderItsOwnRulesOnlyTheRulesFields() {
        JsonNode rules = json(through("agency-pref13-kyoiku").get().uri("/api/v1/prefectures/13/provision-rules")
                .retrieve().toEntity(String.class));
        assertThat(rules.valueStream().map(rule -> rule.get("id").asString()).toList())
                .containsExactly("pref13-30-15-2-kyoiku", "pref13-30-15-2-scholarship");
        assertThat(rules.get(0).get("article").asString()).isEqualTo("30-15(2)");
        assertThat(rules.get(0).get("annexTable").asString()).isEqualTo("6");

        ResponseEntity<String> answer = lookup("agency-pref13-kyoiku", "13", "pref13-30-15-2-kyoiku");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode result = json(answer);
        assertThat(List.copyOf(result.propertyNames())).containsExactly("outcome", "person", "status");
        assertThat(List.copyOf(result.get("person").propertyNames())).containsExactly("name", "dateOfBirth", "sex", "address");
        assertThat(answer.getBody()).doesNotContain(hanako.residentCode().value()).doesNotContain("myNumber");
        assertThat(lastRecord()).containsEntry("recipient", "agency-pref13-kyoiku").containsEntry("outcome", "PROVIDED")
                .containsEntry("resident_code", hanako.residentCode().value());
    }

    @Test
    void refusesAnotherBodysRuleAnExpiredRuleAndJLisRulesAndRecordsEachRefusal() {
        assertForbidden(lookup("agency-pref13-jinji", "13", "pref13-30-15-2-kyoiku"));
        assertThat(lastRecord()).containsEntry("refusal", "NOT_RECIPIENT");
        assertForbidden(lookup("agency-pref13-kyoiku", "13", "pref13-30-15-2-scholarship"));
        assertThat(lastRecord()).containsEntry("refusal", "NOT_IN_FORCE");
        assertForbidden(lookup("agency-nenkin", "13", "nenkin-30-9-same-address"));
        assertThat(lastRecord()).containsEntry("refusal", "UNKNOWN_BASIS");
        assertThat(records.verify().intact()).isTrue();
    }

    @Test
    void answersOnlyForItsOwnPrefecture() {
        ResponseEntity<String> answer = lookup("agency-pref13-kyoiku", "27", "pref13-30-15-2-kyoiku");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(answer).get("field").asString()).isEqualTo("pref");
    }

    @Test
    void aResidentReadsThePrefecturesRecordsAboutThem() {
        lookup("agency-pref13-passport", "13", "pref13-30-15-1-passport");
        JsonNode page = json(through("resident-" + hanako.residentCode().value()).get()
                .uri("/api/v1/prefectures/13/provision-records").retrieve().toEntity(String.class));
        assertThat(page.get("records").get(0).get("recipient").asString()).isEqualTo("agency-pref13-passport");
        assertThat(page.get("records").get(0).get("task").asString()).contains("旅券");
    }

    private Map<String, Object> lastRecord() {
        return jdbc.sql("SELECT * FROM provision_records ORDER BY seq DESC LIMIT 1").query().singleRow();
    }

    private static void assertForbidden(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).isEqualTo("basis");
    }

    private ResponseEntity<String> lookup(String caller, String pref, String basis) {
        return through(caller).post().uri("/api/v1/prefectures/" + pref + "/lookups")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"" + basis + "\",\"residentCode\":\"" + hanako.residentCode().value() + "\"}")
                .retrieve().toEntity(String.class);
    }

    private RestClient through(String caller) {
        return TestPki.throughGateway("https://localhost:" + port, caller);
    }


    private static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }
}
