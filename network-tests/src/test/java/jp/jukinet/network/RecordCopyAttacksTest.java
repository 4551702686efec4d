package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Attack 3 of issue #12, through the gateway with the attacker's real certificate: a clerk of 大阪市
 * (271004) asks for wide-area copies of 千代田区's residents naming each target as their own
 * requester, as if they stood at the counter — the holder decides from its own register whether the
 * requester is the person, so a resident code alone gets nothing, DV-protected people included. And
 * a CS cannot ask for copies on another municipality's behalf. Beside them, the person with their
 * identity document still gets their copy.
 */
class RecordCopyAttacksTest {

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
    void aClerkWhoNamesEachTargetAsTheirOwnRequesterGetsNoCopy() {
        List<String> targets = List.of((String) clerks.newResident("131016").get("residentCode"),
                (String) clerks.newResident("131016").get("residentCode"),
                (String) clerks.newResident("131016").get("residentCode"));
        String protectedOne = targets.get(2);
        assertThat(network.client("cs-131016").put().uri("/api/v1/municipalities/131016/residents/" + protectedOne
                        + "/dv-protection").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("restrictedRequesters", List.of(targets.get(0)), "endDate", Clerks.daysFromToday(90)))
                .retrieve().toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        for (String target : targets) {
            // the attacker knows the code, not the name and date of birth registered for it
            Map<String, Object> typed = Map.of("residentCode", target, "family", "山田", "given", "太郎",
                    "dateOfBirth", "1980-01-01", "identityDocument", "DRIVERS_LICENSE");
            ResponseEntity<Map> answer = copy(target, typed);
            Clerks.refused(answer, HttpStatus.UNPROCESSABLE_CONTENT, null);
            assertThat(answer.getBody()).containsEntry("type", "urn:jukinet:problem:not-issuable")
                    .doesNotContainKey("copy");
        }
        // the holder's clerks see each attempt, with the document the other counter says it checked
        for (String target : targets) {
            assertThat(holderLog(target)).singleElement().satisfies(entry -> assertThat(entry)
                    .containsEntry("relationship", "UNVERIFIED").containsEntry("reason", "REQUESTER_NOT_VERIFIED")
                    .containsEntry("issued", false).containsEntry("identityDocument", "DRIVERS_LICENSE"));
        }
    }

    @Test
    void aCodeThatIsNotTheRequestersOwnGetsNothingEvenWithARealNameBeside() {
        String target = (String) clerks.newResident("131016").get("residentCode");
        String other = (String) clerks.newResident("131016", "東京都千代田区永田町1丁目7番1号").get("residentCode");
        // a real resident's name and date of birth, with the target's code
        Map<String, Object> mixed = new HashMap<>(clerks.requester(other));
        mixed.put("residentCode", target);

        Clerks.refused(copy(target, mixed), HttpStatus.UNPROCESSABLE_CONTENT, null);
        // someone who is not of the target's household, presenting their own document, gets nothing either
        Clerks.refused(copy(target, clerks.requester(other)), HttpStatus.UNPROCESSABLE_CONTENT, null);
    }

    @Test
    void thePersonWithTheirIdentityDocumentStillGetsTheirCopy() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        ResponseEntity<Map> answer = copy(code, clerks.requester(code));
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(holderLog(code)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("relationship", "SELF").containsEntry("issued", true)
                .containsEntry("identityDocument", "MY_NUMBER_CARD"));
        assertThat(issuerLog(code)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("role", "ISSUER").containsEntry("identityDocument", "MY_NUMBER_CARD"));
    }

    @Test
    void aCsCannotAskForACopyOnAnotherMunicipalitysBehalf() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        Map<String, Object> request = Map.of("requestId", UUID.randomUUID().toString(), "issuer", "131130",
                "holder", "131016", "residentCode", code, "requester", clerks.requester(code));

        ResponseEntity<Map> answer = network.client("gateway", "cs-271004").post()
                .uri("/internal/v1/municipalities/131016/record-copies").contentType(MediaType.APPLICATION_JSON)
                .body(request).retrieve().toEntity(Map.class);

        Clerks.refused(answer, HttpStatus.FORBIDDEN, "issuer");
        // refused before anything was decided or recorded
        assertThat(holderLog(code)).isEmpty();
    }

    private static ResponseEntity<Map> copy(String code, Map<String, Object> requester) {
        return network.client("cs-271004").post().uri("/api/v1/municipalities/271004/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", "131016", "residentCode", code, "requester", requester,
                        "include", List.of("MY_NUMBER", "HISTORY")))
                .retrieve().toEntity(Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> holderLog(String code) {
        return log("131016", code).stream().filter(entry -> "HOLDER".equals(entry.get("role"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> issuerLog(String code) {
        return log("271004", code).stream().filter(entry -> "ISSUER".equals(entry.get("role"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> log(String lg, String code) {
        ResponseEntity<List> response = network.client("cs-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/record-copies?residentCode=" + code).retrieve()
                .toEntity(List.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }
}
