package jp.jukinet.cs.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Every refused notification is answered with problem+json naming the field, and writes nothing.
 * The uplink points nowhere: a request that gets as far as numbering is refused as unavailable.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "jukinet.outbox.uplink=http://127.0.0.1:9")
class RegistrationRefusalsTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void nothingWasWritten() {
        for (String table : new String[] {"residents", "resident_history", "notice_outbox", "idempotency_keys"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table).isZero();
        }
    }

    @Test
    void unknownTypeNamesTheTypeField() {
        assertRefused(post("131016", with(birth(), "type", "MARRIAGE")), HttpStatus.BAD_REQUEST, "type");
    }

    @Test
    void interMunicipalMoveIsNotYetATypeThisCsTakes() {
        assertRefused(post("131016", with(birth(), "type", "MOVE_IN")), HttpStatus.BAD_REQUEST, "type");
    }

    @Test
    void impossibleDateNamesTheField() {
        assertRefused(post("131016", with(birth(), "effectiveDate", "2026-02-30")), HttpStatus.BAD_REQUEST,
                "effectiveDate");
    }

    @Test
    void residentCodeWithWrongCheckDigitNamesTheField() {
        ResidentCode valid = ResidentCode.fromSerial(1_000_000_123L);
        String wrong = valid.value().substring(0, 10) + ((valid.value().charAt(10) - '0' + 1) % 10);
        Map<String, Object> death = Map.of("type", "DEATH", "effectiveDate", "2026-11-20", "residentCode", wrong);
        assertRefused(post("131016", death), HttpStatus.BAD_REQUEST, "residentCode");
    }

    @Test
    void kanaThatIsNotKatakanaNamesTheNestedField() {
        Map<String, Object> body = birth();
        Map<String, Object> person = new HashMap<>((Map<String, Object>) body.get("person"));
        person.put("name", Map.of("family", "山田", "given", "花子", "familyKana", "yamada", "givenKana", "ハナコ"));
        assertRefused(post("131016", with(body, "person", person)), HttpStatus.BAD_REQUEST, "person.name.familyKana");
    }

    @Test
    void birthWhoseDateOfBirthIsNotTheEventDateIsRefused() {
        Map<String, Object> body = birth();
        Map<String, Object> person = new HashMap<>((Map<String, Object>) body.get("person"));
        person.put("dateOfBirth", "2026-11-19");
        assertRefused(post("131016", with(body, "person", person)), HttpStatus.BAD_REQUEST, "person.dateOfBirth");
    }

    @Test
    void birthWithoutAnAddressIsRefused() {
        Map<String, Object> body = birth();
        Map<String, Object> person = new HashMap<>((Map<String, Object>) body.get("person"));
        person.remove("address");
        assertRefused(post("131016", with(body, "person", person)), HttpStatus.BAD_REQUEST, "person.address");
    }

    @Test
    void eventInTheFutureIsRefused() {
        assertRefused(post("131016", with(Map.of("type", "DEATH", "residentCode", ResidentCode.fromSerial(1_000_000_001L).value()),
                "effectiveDate", "2999-01-01")), HttpStatus.BAD_REQUEST, "effectiveDate");
    }

    @Test
    void changeForSomeoneNotResidentHereIsNotFound() {
        Map<String, Object> death = Map.of("type", "DEATH", "effectiveDate", "2026-11-20",
                "residentCode", ResidentCode.fromSerial(1_000_000_777L).value());
        assertRefused(post("131016", death), HttpStatus.NOT_FOUND, "residentCode");
    }

    @Test
    void anotherMunicipalitysPathIsRefused() {
        assertRefused(post("131130", birth()), HttpStatus.NOT_FOUND, "lg");
        assertRefused(post("131017", birth()), HttpStatus.BAD_REQUEST, "lg");
    }

    @Test
    void malformedJsonIsAProblemToo() {
        ResponseEntity<Map> response = client().post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON).body("{\"type\": ").retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void numberingUnreachableIsServiceUnavailableAndWritesNothing() {
        assertRefused(post("131016", birth()), HttpStatus.SERVICE_UNAVAILABLE, null);
    }

    private static Map<String, Object> birth() {
        return Map.of("type", "BIRTH", "effectiveDate", "2026-11-20",
                "person", Map.of("name", Map.of("family", "山田", "given", "花子", "familyKana", "ヤマダ", "givenKana", "ハナコ"),
                        "dateOfBirth", "2026-11-20", "sex", "FEMALE",
                        "address", Map.of("text", "東京都千代田区千代田1番1号")));
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private ResponseEntity<Map> post(String lg, Map<String, Object> body) {
        return client().post().uri("/api/v1/municipalities/" + lg + "/notifications")
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(Map.class);
    }

    private static void assertRefused(ResponseEntity<Map> response, HttpStatus status, String field) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) response.getBody().get("type")).startsWith("urn:jukinet:problem:");
        if (field != null) {
            assertThat(response.getBody()).containsEntry("field", field);
        }
    }

    private RestClient client() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }
}
