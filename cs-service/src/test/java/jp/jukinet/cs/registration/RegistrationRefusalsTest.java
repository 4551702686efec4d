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
        for (String table : new String[] {"residents", "resident_history", "notice_outbox", "idempotency_keys",
                "outgoing_moves", "incoming_moves", "peer_outbox", "dv_protections", "record_copy_log"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table).isZero();
        }
    }

    @Test
    void unknownTypeNamesTheTypeField() {
        assertRefused(post("131016", with(birth(), "type", "MARRIAGE")), HttpStatus.BAD_REQUEST, "type");
    }

    @Test
    void aMoveInWithoutMoveOutInformationIsRefused() {
        Map<String, Object> moveIn = Map.of("type", "MOVE_IN", "effectiveDate", "2026-11-20",
                "residentCode", ResidentCode.fromSerial(1_000_000_123L).value());
        ResponseEntity<Map> response = post("131016", moveIn);
        assertRefused(response, HttpStatus.CONFLICT, "residentCode");
        assertThat((String) response.getBody().get("detail")).contains("転出証明書情報").contains("MOVE_IN_FROM_ABROAD");
    }

    @Test
    void aMoveInCarriesNoPersonDataButAnAddress() {
        Map<String, Object> moveIn = Map.of("type", "MOVE_IN", "effectiveDate", "2026-11-20",
                "residentCode", ResidentCode.fromSerial(1_000_000_123L).value(),
                "person", Map.of("dateOfBirth", "1990-01-01"));
        assertRefused(post("131016", moveIn), HttpStatus.BAD_REQUEST, "person.dateOfBirth");
    }

    @Test
    void aMoveOutNamesAnotherMunicipalityAndAnAddress() {
        String code = ResidentCode.fromSerial(1_000_000_123L).value();
        Map<String, Object> moveOut = Map.of("type", "MOVE_OUT", "effectiveDate", "2026-11-20", "residentCode", code);
        assertRefused(post("131016", moveOut), HttpStatus.BAD_REQUEST, "destination");
        assertRefused(post("131016", with(moveOut, "destination", Map.of("municipality", "131016",
                "address", Map.of("text", "東京都千代田区永田町1丁目")))), HttpStatus.BAD_REQUEST, "destination.municipality");
        assertRefused(post("131016", with(moveOut, "destination", Map.of("municipality", "271005",
                "address", Map.of("text", "大阪府")))), HttpStatus.BAD_REQUEST, "destination.municipality");
        assertRefused(post("131016", with(moveOut, "destination", Map.of("municipality", "271004"))),
                HttpStatus.BAD_REQUEST, "destination.address");
        assertRefused(post("131016", with(moveOut, "destination", Map.of("municipality", "270008",
                "address", Map.of("text", "大阪府")))), HttpStatus.BAD_REQUEST, "destination.municipality");
    }

    @Test
    void aMoveOutIsNotifiedAtMostFourteenDaysAhead() {
        String planned = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).plusDays(15).toString();
        Map<String, Object> moveOut = Map.of("type", "MOVE_OUT", "effectiveDate", planned,
                "residentCode", ResidentCode.fromSerial(1_000_000_123L).value(),
                "destination", Map.of("municipality", "271004", "address", Map.of("text", "大阪府大阪市北区中之島1丁目3番20号")));
        assertRefused(post("131016", moveOut), HttpStatus.BAD_REQUEST, "effectiveDate");
    }

    @Test
    void aMoveOutOfSomeoneNotResidentHereIsNotFound() {
        Map<String, Object> moveOut = Map.of("type", "MOVE_OUT", "effectiveDate", "2026-11-20",
                "residentCode", ResidentCode.fromSerial(1_000_000_123L).value(),
                "destination", Map.of("municipality", "271004", "address", Map.of("text", "大阪府大阪市北区中之島1丁目3番20号")));
        assertRefused(post("131016", moveOut), HttpStatus.NOT_FOUND, "residentCode");
    }

    @Test
    void onlyAMoveOutNamesADestination() {
        Map<String, Object> death = Map.of("type", "DEATH", "effectiveDate", "2026-11-20",
                "residentCode", ResidentCode.fromSerial(1_000_000_123L).value(),
                "destination", Map.of("municipality", "271004", "address", Map.of("text", "大阪府")));
        assertRefused(post("131016", death), HttpStatus.BAD_REQUEST, "destination");
    }

    @Test
    void anOnlineMoveOutNeedsThePersonsCertificate() {
        ResponseEntity<Map> response = client().post().uri("/api/v1/municipalities/131016/online-move-outs")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("effectiveDate", "2026-11-20", "destination", Map.of("municipality", "271004",
                        "address", Map.of("text", "大阪府大阪市北区中之島1丁目3番20号"))))
                .retrieve().toEntity(Map.class);
        assertRefused(response, HttpStatus.FORBIDDEN, null);
    }

    @Test
    void dvProtectionOfSomeoneNotResidentHereIsNotFoundAndAnEndDateIsRequired() {
        String code = ResidentCode.fromSerial(1_000_000_123L).value();
        ResponseEntity<Map> missingEnd = client().put().uri("/api/v1/municipalities/131016/residents/" + code + "/dv-protection")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("restrictedRequesters", java.util.List.of()))
                .retrieve().toEntity(Map.class);
        assertRefused(missingEnd, HttpStatus.BAD_REQUEST, "endDate");
        ResponseEntity<Map> unknown = client().put().uri("/api/v1/municipalities/131016/residents/" + code + "/dv-protection")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("endDate", "2999-01-01"))
                .retrieve().toEntity(Map.class);
        assertRefused(unknown, HttpStatus.NOT_FOUND, "residentCode");
    }

    @Test
    void aRecordCopyNamesTheHolderAndTheRequester() {
        String code = ResidentCode.fromSerial(1_000_000_123L).value();
        ResponseEntity<Map> noHolder = client().post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("residentCode", code, "requester", requester(code)))
                .retrieve().toEntity(Map.class);
        assertRefused(noHolder, HttpStatus.BAD_REQUEST, "holder");
        ResponseEntity<Map> own = client().post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "131016", "residentCode", code, "requester", requester(code)))
                .retrieve().toEntity(Map.class);
        assertRefused(own, HttpStatus.BAD_REQUEST, "holder");
        ResponseEntity<Map> badRequester = client().post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "271004", "residentCode", code, "requester", requester("123")))
                .retrieve().toEntity(Map.class);
        assertRefused(badRequester, HttpStatus.BAD_REQUEST, "requester.residentCode");
        ResponseEntity<Map> badItem = client().post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "271004", "residentCode", code, "requester", requester(code),
                        "include", java.util.List.of("本籍")))
                .retrieve().toEntity(Map.class);
        assertRefused(badItem, HttpStatus.BAD_REQUEST, "include[0]");
    }

    @Test
    void aRecordCopyFromAHolderThatCannotBeReachedIsUnavailableAndRecordsNothing() {
        String code = ResidentCode.fromSerial(1_000_000_123L).value();
        ResponseEntity<Map> response = client().post().uri("/api/v1/municipalities/131016/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "271004", "residentCode", code, "requester", requester(code)))
                .retrieve().toEntity(Map.class);
        assertRefused(response, HttpStatus.SERVICE_UNAVAILABLE, null);
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

    /** The municipality's clerk system (named in X-JukiNet-Caller: the module tests run under the development switch). */
    private RestClient client() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("X-JukiNet-Caller", "clerk-131016")
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /** A requester as the clerk reads them from an identity document. */
    private static Map<String, Object> requester(String code) {
        return Map.of("residentCode", code, "family", "山田", "given", "花子", "dateOfBirth", "1990-04-01",
                "identityDocument", "DRIVERS_LICENSE");
    }
}
