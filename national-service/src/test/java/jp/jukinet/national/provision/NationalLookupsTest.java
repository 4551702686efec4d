package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.JsonNode;

/**
 * F5 through the gateway with mutual TLS: who may ask under which rule, what they get (only the
 * rule's fields, OWASP API3), what they are refused (OWASP API1), and that every answer is recorded.
 */
class NationalLookupsTest extends MtlsProvisionTest {

    private static final String LOOKUPS = "/api/v1/national/lookups";

    private IdentityInformation hanako;
    private IdentityInformation taroInChiyoda;
    private IdentityInformation taroInShibuya;
    private IdentityInformation hajime;

    @BeforeEach
    void residents() {
        hanako = person(2_000_000_001L, "山田", "花子", "ヤマダ", "ハナコ", LocalDate.of(1990, 4, 1), Sex.FEMALE,
                "東京都千代田区千代田1番1号");
        taroInChiyoda = person(2_000_000_002L, "佐藤", "太郎", "サトウ", "タロウ", LocalDate.of(1985, 5, 5), Sex.MALE,
                "東京都千代田区丸の内1丁目1番");
        taroInShibuya = person(2_000_000_003L, "佐藤", "太郎", "サトウ", "タロウ", LocalDate.of(1985, 5, 5), Sex.MALE,
                "東京都渋谷区宇田川町1番1号");
        hajime = removed(person(2_000_000_004L, "鈴木", "一", "スズキ", "ハジメ", LocalDate.of(1930, 1, 1), Sex.MALE,
                "東京都千代田区永田町1丁目7番1号"));
        register(hanako, taroInChiyoda, taroInShibuya, hajime);
    }

    @AfterEach
    void resetClock() {
        clock.set(START);
    }

    @Test
    void anAgencySeesTheRulesThatNameItAndNoOthers() {
        JsonNode rules = json(through("agency-nenkin").get().uri("/api/v1/national/provision-rules").retrieve()
                .toEntity(String.class));
        assertThat(rules.valueStream().map(rule -> rule.get("id").asString()).toList()).containsExactly(
                "nenkin-30-9-same-address", "nenkin-30-9-same-address-pre-2025", "nenkin-30-9-change-check",
                "nenkin-30-9-change-check-pre-2025", "nenkin-30-9-milestone-age", "nenkin-30-9-milestone-age-pre-2025",
                "nenkin-30-9-survival-push");
        JsonNode first = rules.get(0);
        assertThat(first.get("article").asString()).isEqualTo("30-9");
        assertThat(first.get("annexTable").asString()).isEqualTo("1");
        assertThat(first.get("recipient").asString()).isEqualTo("agency-nenkin");
        assertThat(first.has("validTo")).isTrue();
        assertThat(first.get("validTo").isNull()).isTrue();
        assertThat(first.get("fields").valueStream().map(JsonNode::asString).toList()).contains("NAME", "RESIDENT_CODE")
                .doesNotContain("MY_NUMBER");
        // a municipality's rule (Art. 30-14) is not J-LIS's to serve, even to its recipient: J-LIS has none
        assertThat(json(through("agency-lg131130-juki").get().uri("/api/v1/national/provision-rules").retrieve()
                .toEntity(String.class))).isEmpty();
        // a rule under Art. 30-10 to 30-12 shows its 通知都道府県 scope
        JsonNode kokuho = json(through("agency-lg131016-kokuho").get().uri("/api/v1/national/provision-rules").retrieve()
                .toEntity(String.class)).get(0);
        assertThat(kokuho.get("scope").get("recipientPrefecture").asString()).isEqualTo("13");
        assertThat(kokuho.get("scope").get("notifiedBy").asString()).isEqualTo("RECIPIENT_PREFECTURE");
        assertThat(kokuho.get("annexItem").asString()).isNotBlank();
        assertThat(first.has("scope")).isFalse();
    }

    @Test
    void providesOnlyTheRulesFieldsTheOthersAreAbsent() {
        long before = recordCount();
        ResponseEntity<String> answer = lookup("agency-moj", "{\"basis\":\"moj-30-9-bar-exam\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode result = json(answer);
        assertThat(names(result)).containsExactly("outcome", "residentCode", "person", "status");
        assertThat(result.get("outcome").asString()).isEqualTo("PROVIDED");
        assertThat(result.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(names(result.get("person"))).containsExactly("name", "dateOfBirth", "sex", "address");
        assertThat(names(result.get("person").get("name"))).containsExactly("family", "given", "familyKana", "givenKana");
        assertThat(result.get("person").get("name").get("family").asString()).isEqualTo("山田");
        // API3: neither null-filled nor anywhere in the text
        assertThat(answer.getBody()).doesNotContain("myNumber").doesNotContain(hanako.myNumber().value())
                .doesNotContain("change").doesNotContain("null");

        assertThat(recordCount()).isEqualTo(before + 1);
        Map<String, Object> record = last(recordsAbout(hanako.residentCode()));
        assertThat(record).containsEntry("recipient", "agency-moj").containsEntry("basis", "moj-30-9-bar-exam")
                .containsEntry("outcome", "PROVIDED").containsEntry("lookup_key", "RESIDENT_CODE")
                .containsEntry("fields", "NAME,NAME_KANA,ADDRESS,DATE_OF_BIRTH,SEX,RESIDENT_CODE,STATUS");
    }

    @Test
    void theMyNumberGoesOnlyToTasksThatMayUseIt() {
        JsonNode withNumber = json(lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\""
                + hanako.myNumber().value() + "\"}"));
        assertThat(withNumber.get("myNumber").asString()).isEqualTo(hanako.myNumber().value());
        assertThat(withNumber.get("residentCode").asString()).isEqualTo(hanako.residentCode().value());
        assertThat(withNumber.get("change").get("reason").asString()).isEqualTo("MOVE_WITHIN");

        JsonNode withoutNumber = json(lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}"));
        assertThat(withoutNumber.has("myNumber")).isFalse();

        // looking someone up by their number is a use of it: refused under a task that may not use it
        ResponseEntity<String> refused = lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-same-address\",\"myNumber\":\""
                + hanako.myNumber().value() + "\"}");
        assertForbidden(refused, "myNumber");
        // the refusal is decided before the register is read, so no number is resolved into a person for it
        java.util.Map<String, Object> newest = jdbc.sql("SELECT * FROM provision_records ORDER BY seq DESC LIMIT 1")
                .query().singleRow();
        assertThat(newest).containsEntry("outcome", "REFUSED").containsEntry("refusal", "MY_NUMBER_KEY_NOT_ALLOWED")
                .containsEntry("fields", "").containsEntry("resident_code", null);
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("outcome", "PROVIDED");
    }

    @Test
    void findsByFourInfoAfterNormalisingAndNeverGuesses() {
        JsonNode found = json(lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":"
                + "{\"name\":\"山田　花子\",\"dateOfBirth\":\"1990-04-01\",\"address\":\"東京都千代田区千代田１番１号\"}}"));
        assertThat(found.get("residentCode").asString()).isEqualTo(hanako.residentCode().value());
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("lookup_key", "FOUR_INFO");

        long before = recordCount();
        ResponseEntity<String> ambiguous = lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":"
                + "{\"name\":\"佐藤 太郎\",\"dateOfBirth\":\"1985-05-05\",\"sex\":\"MALE\"}}");
        assertThat(ambiguous.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ambiguous.getBody()).isEqualTo("{\"outcome\":\"AMBIGUOUS\",\"matches\":2}");
        assertThat(recordCount()).isEqualTo(before + 1);
        assertThat(recordsAbout(taroInChiyoda.residentCode())).isEmpty();

        JsonNode oneOfThem = json(lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":"
                + "{\"name\":\"佐藤太郎\",\"dateOfBirth\":\"1985-05-05\",\"address\":\"東京都渋谷区宇田川町1番1号\","
                + "\"sex\":\"MALE\"}}"));
        assertThat(oneOfThem.get("residentCode").asString()).isEqualTo(taroInShibuya.residentCode().value());
    }

    @Test
    void noMatchIsNotFoundAndRecorded() {
        long before = recordCount();
        ResponseEntity<String> answer = lookup("agency-nenkin", "{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":"
                + "{\"name\":\"山田 花子\",\"dateOfBirth\":\"1990-04-02\",\"sex\":\"FEMALE\"}}");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).isEqualTo("fourInfo");
        assertThat(recordCount()).isEqualTo(before + 1);
    }

    @Test
    void aRemovedResidentIsAnsweredAsRemoved() {
        JsonNode result = json(lookup("agency-soumu", "{\"basis\":\"soumu-30-9-onkyu\",\"residentCode\":\""
                + hajime.residentCode().value() + "\"}"));
        assertThat(result.get("status").asString()).isEqualTo("REMOVED");
        assertThat(result.get("change").get("reason").asString()).isEqualTo("DEATH");
    }

    @Test
    void api1RefusesARuleThatNamesAnotherAgencyAndRecordsTheRefusal() {
        ResponseEntity<String> answer = lookup("agency-nta", "{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}");
        assertForbidden(answer, "basis");
        assertThat(answer.getBody()).contains("does not name agency-nta").doesNotContain("山田")
                .doesNotContain(hanako.residentCode().value());
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("recipient", "agency-nta")
                .containsEntry("basis", "nenkin-30-9-same-address").containsEntry("outcome", "REFUSED")
                .containsEntry("refusal", "NOT_RECIPIENT").containsEntry("fields", "");
    }

    @Test
    void api1RefusesARuleNotYetOrNoLongerInForceAndRecordsTheRefusal() {
        String survival = "{\"basis\":\"nenkin-30-9-survival-push\",\"residentCode\":\"" + hanako.residentCode().value()
                + "\"}";
        ResponseEntity<String> early = lookup("agency-nenkin", survival);
        assertForbidden(early, "basis");
        assertThat(early.getBody()).contains("not in force on 2026-12-01");
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("refusal", "NOT_IN_FORCE");

        // in force from 2027-04-01, a Japanese date: 2027-03-31T15:00Z is already that day in Japan
        clock.set(Instant.parse("2027-03-31T14:59:59Z"));
        assertForbidden(lookup("agency-nenkin", survival), "basis");
        clock.set(Instant.parse("2027-03-31T15:00:00Z"));
        assertThat(lookup("agency-nenkin", survival).getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> expired = lookup("agency-sia", "{\"basis\":\"sia-30-9-pension\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}");
        assertForbidden(expired, "basis");
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("recipient", "agency-sia")
                .containsEntry("refusal", "NOT_IN_FORCE");
    }

    @Test
    void refusesUnknownRulesAndRulesOfAnotherTier() {
        assertForbidden(lookup("agency-nenkin", "{\"basis\":\"no-such-rule\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}"), "basis");
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("refusal", "UNKNOWN_BASIS");
        // Art. 30-14 is the municipality's (its CS serves it): J-LIS holds no such rule and refuses it
        assertForbidden(lookup("agency-lg131130-juki", "{\"basis\":\"lg131016-30-14-to-131130\",\"residentCode\":\""
                + hanako.residentCode().value() + "\"}"), "basis");
        assertThat(last(recordsAbout(hanako.residentCode()))).containsEntry("recipient", "agency-lg131130-juki")
                .containsEntry("refusal", "UNKNOWN_BASIS");
    }

    @Test
    void refusesBadInputNamingTheFieldAndRecordsNothing() {
        long before = recordCount();
        String code = hanako.residentCode().value();
        String badCheckDigit = hanako.myNumber().value().substring(0, 11)
                + ((hanako.myNumber().value().charAt(11) - '0' + 1) % 10);
        assertInvalid("{\"basis\":\"nenkin-30-9-change-check\",\"myNumber\":\"" + badCheckDigit + "\"}", "myNumber");
        assertInvalid("{\"basis\":\"nenkin-30-9-change-check\",\"residentCode\":\"123\"}", "residentCode");
        assertInvalid("{\"basis\":\"nenkin-30-9-change-check\"}", "residentCode");
        assertInvalid("{\"basis\":\"nenkin-30-9-change-check\",\"residentCode\":\"" + code + "\",\"myNumber\":\""
                + hanako.myNumber().value() + "\"}", "myNumber");
        assertInvalid("{\"residentCode\":\"" + code + "\"}", "basis");
        assertInvalid("{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"山田 花子\","
                + "\"dateOfBirth\":\"1990-04-01\"}}", "fourInfo.address");
        assertInvalid("{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"山田 花子\","
                + "\"dateOfBirth\":\"1990-02-30\",\"sex\":\"FEMALE\"}}", "fourInfo.dateOfBirth");
        assertInvalid("{\"basis\":\"nenkin-30-9-milestone-age\",\"fourInfo\":{\"name\":\"山田 花子\","
                + "\"dateOfBirth\":\"1990-04-01\",\"sex\":\"OTHER\"}}", "fourInfo.sex");
        assertThat(recordCount()).isEqualTo(before);
    }

    private void assertInvalid(String body, String field) {
        ResponseEntity<String> answer = lookup("agency-nenkin", body);
        assertThat(answer.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).get("field").asString()).as(body).isEqualTo(field);
        assertThat(answer.getBody()).doesNotContain(hanako.myNumber().value().substring(0, 11));
    }

    private static void assertForbidden(ResponseEntity<String> answer, String field) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer);
        assertThat(problem.get("type").asString()).isEqualTo("urn:jukinet:problem:forbidden");
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(names(problem)).doesNotContain("person", "residentCode", "myNumber");
    }

    private ResponseEntity<String> lookup(String caller, String body) {
        return through(caller).post().uri(LOOKUPS).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    static JsonNode json(ResponseEntity<String> answer) {
        return JukiNetJson.mapper().readTree(answer.getBody());
    }

    static List<String> names(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    private static Map<String, Object> last(List<Map<String, Object>> rows) {
        return rows.get(rows.size() - 1);
    }
}
