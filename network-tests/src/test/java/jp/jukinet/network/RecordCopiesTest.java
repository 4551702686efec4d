package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static jp.jukinet.network.Clerks.refused;
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

import jp.jukinet.model.code.ResidentCode;

/**
 * Wide-area issuance of resident-record copies (F4) end to end through the gateway: C asks A, A
 * answers and both record it; a copy is refused, alike for every reason, for a person who moved
 * out or died, for someone who is neither the person nor their household, and — under DV support
 * measures, which travel with a move — for anyone but the person, and A's clerks see the attempt.
 */
class RecordCopiesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27")
                .cs("131016").cs("131130").cs("271004").startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void aCopyIsIssuedAtAnotherMunicipalityWithOnlyWhatWasAskedForAndRecordedAtBothEnds() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        created(clerks.notify("131016", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号")))));

        ResponseEntity<Map> basic = copy("271004", "131016", code, code, List.of());
        assertThat(basic.getStatusCode()).as("%s", basic.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(basic.getBody()).containsEntry("issuer", "271004").containsEntry("holder", "131016").containsKey("copyId");
        Map<String, Object> contents = (Map<String, Object>) basic.getBody().get("copy");
        assertThat(contents).containsEntry("holder", "131016")
                .containsEntry("name", ((Map<String, Object>) person.get("person")).get("name"))
                .containsEntry("dateOfBirth", ((Map<String, Object>) person.get("person")).get("dateOfBirth"))
                .containsEntry("address", Map.of("text", "東京都千代田区永田町1丁目7番1号"))
                .containsEntry("residentSince", Clerks.daysFromToday(-30))
                .containsEntry("addressSince", Clerks.today())
                .doesNotContainKeys("residentCode", "myNumber", "history", "plannedMoveOut", "honseki", "registeredDomicile");
        assertThat((Map<String, Object>) contents.get("lastChange")).containsEntry("reason", "MOVE_WITHIN");

        ResponseEntity<Map> full = copy("131130", "131016", code, code, List.of("HISTORY", "RESIDENT_CODE", "MY_NUMBER"));
        Map<String, Object> fullContents = (Map<String, Object>) full.getBody().get("copy");
        assertThat(fullContents).containsEntry("residentCode", code).containsEntry("myNumber", person.get("myNumber"));
        assertThat((List<Map<String, Object>>) fullContents.get("history")).extracting(item -> item.get("reason"))
                .containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_WITHIN");

        // recorded at the holder and at each issuer, readable by their clerks
        assertThat(log("131016", code)).hasSize(2).allSatisfy(entry -> assertThat(entry)
                .containsEntry("role", "HOLDER").containsEntry("issued", true).containsEntry("relationship", "SELF"));
        assertThat(log("271004", code)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("role", "ISSUER").containsEntry("issued", true).containsEntry("holder", "131016")
                .containsEntry("requestId", basic.getBody().get("copyId")));
        assertThat(log("131130", code)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("role", "ISSUER").containsEntry("include", List.of("HISTORY", "RESIDENT_CODE", "MY_NUMBER")));
    }

    @Test
    void aHouseholdMemberGetsACopyAndNoOneElseDoesNotEvenAtTheSameAddress() {
        String address = "東京都千代田区丸の内1丁目9番1号";
        Map<String, Object> head = clerks.newResident("131016", address);
        String code = (String) head.get("residentCode");
        String household = (String) clerks.newResident("131016", address, Map.of("household", Map.of("action", "JOIN",
                "householdId", clerks.household("131016", code).get("householdId"), "relationship", "子")))
                .get("residentCode");
        // several households may share one address: the household is the one the 届出 made, not the address
        String sameAddress = (String) clerks.newResident("131016", address).get("residentCode");
        String neighbour = (String) clerks.newResident("131016").get("residentCode");

        ResponseEntity<Map> member = copy("271004", "131016", code, household, List.of("HOUSEHOLD"));
        assertThat(member.getStatusCode()).as("%s", member.getBody()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) ((Map<String, Object>) member.getBody().get("copy")).get("household"))
                .containsEntry("version", 1).containsEntry("relationship", "世帯主")
                .containsEntry("head", ((Map<String, Object>) head.get("person")).get("name"));
        notIssuable(copy("271004", "131016", code, sameAddress, List.of()));
        notIssuable(copy("271004", "131016", code, neighbour, List.of()));
        Map<String, Object> memberCopy = (Map<String, Object>) copy("271004", "131016", household, code,
                List.of("HOUSEHOLD")).getBody().get("copy");
        assertThat((Map<String, Object>) memberCopy.get("household")).containsEntry("relationship", "子");
        assertThat(log("131016", code)).extracting(entry -> entry.get("relationship") + "/" + entry.get("issued") + "/"
                + entry.get("reason")).containsExactly("OTHER/false/NOT_HOUSEHOLD", "OTHER/false/NOT_HOUSEHOLD",
                "HOUSEHOLD/true/null");
    }

    @Test
    void aMemberWhoMovesOutLeavesTheHouseholdAndACancelledMoveOutBringsThemBack() {
        String address = "東京都千代田区丸の内2丁目7番2号";
        String head = (String) clerks.newResident("131016", address).get("residentCode");
        Object householdId = clerks.household("131016", head).get("householdId");
        String child = (String) clerks.newResident("131016", address, Map.of("household", Map.of("action", "JOIN",
                "householdId", householdId, "relationship", "子"))).get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", child, "271004",
                Clerks.daysFromToday(3))).get("move")).get("moveId");

        assertThat((List<Map<String, Object>>) clerks.household("131016", head).get("members"))
                .extracting(member -> member.get("residentCode")).containsExactly(head);
        notIssuable(copy("271004", "131016", head, child, List.of()));

        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        ResponseEntity<Map> cancelled = network.client("cs-131016").post()
                .uri("/api/v1/municipalities/131016/moves/" + moveId + "/cancellation").retrieve().toEntity(Map.class);
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(clerks.household("131016", child)).containsEntry("householdId", householdId).containsEntry("head", head);
        assertThat(copy("271004", "131016", head, child, List.of()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void noCopyIsIssuedForAPersonWhoMovedOutOrDiedAndEveryRefusalLooksTheSame() {
        String died = (String) clerks.newResident("131016").get("residentCode");
        created(clerks.notify("131016", null, Map.of("type", "DEATH", "effectiveDate", Clerks.today(), "residentCode", died)));
        ResponseEntity<Map> afterDeath = copy("271004", "131016", died, died, List.of());
        notIssuable(afterDeath);

        String moved = (String) clerks.newResident("131016").get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", moved, "131130", Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131130", moveId)));
        created(clerks.moveIn("131130", moved, Clerks.today(), Map.of()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("cs-131016", moved)).containsEntry("status", "REMOVED"));
        ResponseEntity<Map> afterMove = copy("271004", "131016", moved, moved, List.of());
        notIssuable(afterMove);
        // where the person lives now, the copy is issued
        assertThat(copy("271004", "131130", moved, moved, List.of()).getStatusCode()).isEqualTo(HttpStatus.OK);

        String unknown = ResidentCode.fromSerial(1_999_998_001L).value();
        ResponseEntity<Map> nobody = copy("271004", "131016", unknown, unknown, List.of());
        notIssuable(nobody);
        assertThat(withoutInstance(afterDeath.getBody())).isEqualTo(withoutInstance(nobody.getBody()))
                .isEqualTo(withoutInstance(afterMove.getBody()));

        assertThat(log("131016", died)).singleElement().satisfies(e -> assertThat(e).containsEntry("reason", "REMOVED"));
        assertThat(log("131016", moved)).singleElement().satisfies(e -> assertThat(e).containsEntry("reason", "REMOVED"));
        assertThat(log("131016", unknown)).singleElement().satisfies(e -> assertThat(e).containsEntry("reason", "NOT_REGISTERED"));
        assertThat(log("271004", died)).singleElement().satisfies(e -> assertThat(e).containsEntry("issued", false)
                .doesNotContainKeys("reason", "relationship"));
    }

    @Test
    void dvSupportMeasuresRefuseEveryoneButThePersonRevealNothingAndTravelWithAMove() {
        String address = "東京都千代田区一ツ橋1丁目1番1号";
        String victim = (String) clerks.newResident("131016", address).get("residentCode");
        String perpetrator = (String) clerks.newResident("131016", address, Map.of("household", Map.of("action", "JOIN",
                "householdId", clerks.household("131016", victim).get("householdId"), "relationship", "夫")))
                .get("residentCode");
        String unknown = ResidentCode.fromSerial(1_999_998_002L).value();
        assertThat(copy("271004", "131016", victim, perpetrator, List.of()).getStatusCode()).isEqualTo(HttpStatus.OK);

        // a clerk of the person's municipality flags the resident
        Map<String, Object> measures = Map.of("restrictedRequesters", List.of(perpetrator), "endDate", Clerks.daysFromToday(365));
        ResponseEntity<Map> set = protection("131016", victim).put().uri(dvPath("131016", victim))
                .contentType(MediaType.APPLICATION_JSON).body(measures).retrieve().toEntity(Map.class);
        assertThat(set.getStatusCode()).as("%s", set.getBody()).isEqualTo(HttpStatus.OK);
        refused(protection("131130", victim).put().uri(dvPath("131130", victim)).contentType(MediaType.APPLICATION_JSON)
                .body(measures).retrieve().toEntity(Map.class), HttpStatus.NOT_FOUND, "residentCode");
        assertThat((Map<String, Object>) clerks.resident("131016", victim).get("dvProtection"))
                .containsEntry("restrictedRequesters", List.of(perpetrator));

        // anyone but the person is refused exactly as for a person who does not exist; the person is not
        ResponseEntity<Map> attempt = copy("271004", "131016", victim, perpetrator, List.of());
        notIssuable(attempt);
        notIssuable(copy("131130", "131016", unknown, unknown, List.of()));
        assertThat(withoutInstance(attempt.getBody()))
                .isEqualTo(withoutInstance(copy("131130", "131016", unknown, unknown, List.of()).getBody()));
        assertThat(copy("271004", "131016", victim, victim, List.of()).getStatusCode()).isEqualTo(HttpStatus.OK);

        // the attempt is recorded and visible to A's clerks; C learns nothing
        assertThat(log("131016", victim).get(1)).containsEntry("issued", false).containsEntry("reason", "DV_PROTECTED")
                .containsEntry("restrictedRequester", true).containsEntry("requester", perpetrator)
                .containsEntry("issuer", "271004");
        assertThat(log("271004", victim)).filteredOn(entry -> Boolean.FALSE.equals(entry.get("issued"))).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("restrictedRequester", false)
                        .doesNotContainKeys("reason", "relationship"));

        // the measures travel with a move to another prefecture
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", victim, "271004", Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        created(clerks.moveIn("271004", victim, Clerks.today(), Map.of()));
        ResponseEntity<Map> atB = protection("271004", victim).get().uri(dvPath("271004", victim)).retrieve().toEntity(Map.class);
        assertThat(atB.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(atB.getBody()).containsEntry("restrictedRequesters", List.of(perpetrator))
                .containsEntry("endDate", Clerks.daysFromToday(365));
        notIssuable(copy("131130", "271004", victim, perpetrator, List.of()));
        assertThat(log("271004", victim)).filteredOn(entry -> "HOLDER".equals(entry.get("role"))).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("reason", "DV_PROTECTED")
                        .containsEntry("restrictedRequester", true));
        assertThat(copy("131130", "271004", victim, victim, List.of()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void dvSupportMeasuresSetWhileAMoveOutIsPendingFollowTheInformation() {
        String person = (String) clerks.newResident("131016").get("residentCode");
        String other = (String) clerks.newResident("131130").get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", person, "131130", Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131130", moveId)));

        Map<String, Object> measures = Map.of("restrictedRequesters", List.of(other), "endDate", Clerks.daysFromToday(30));
        assertThat(protection("131016", person).put().uri(dvPath("131016", person)).contentType(MediaType.APPLICATION_JSON)
                .body(measures).retrieve().toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(WAIT).until(() -> network.database("cs-131130")
                .sql("SELECT certificate->'dvProtection' IS NOT NULL FROM incoming_moves WHERE move_id = :id::uuid")
                .param("id", moveId).query(Boolean.class).single());
        created(clerks.moveIn("131130", person, Clerks.today(), Map.of()));
        ResponseEntity<Map> atB = protection("131130", person).get().uri(dvPath("131130", person)).retrieve().toEntity(Map.class);
        assertThat(atB.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(atB.getBody()).containsEntry("restrictedRequesters", List.of(other));

        // lifted where the person lives now
        assertThat(protection("131130", person).delete().uri(dvPath("131130", person)).retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        refused(protection("131130", person).get().uri(dvPath("131130", person)).retrieve().toEntity(Map.class),
                HttpStatus.NOT_FOUND, "residentCode");
    }

    private static ResponseEntity<Map> copy(String issuer, String holder, String code, String requester, List<String> include) {
        return network.client("cs-" + issuer).post().uri("/api/v1/municipalities/" + issuer + "/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", holder, "residentCode", code, "requester", clerks.requester(requester),
                        "include", include))
                .retrieve().toEntity(Map.class);
    }

    private static void notIssuable(ResponseEntity<Map> response) {
        refused(response, HttpStatus.UNPROCESSABLE_CONTENT, null);
        assertThat(response.getBody()).containsEntry("type", "urn:jukinet:problem:not-issuable").doesNotContainKey("field");
    }

    private static Map<String, Object> withoutInstance(Map<String, Object> problem) {
        Map<String, Object> copy = new java.util.HashMap<>(problem);
        copy.remove("instance");
        return copy;
    }

    private static List<Map<String, Object>> log(String lg, String code) {
        ResponseEntity<List> response = network.client("cs-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/record-copies?residentCode=" + code).retrieve().toEntity(List.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static org.springframework.web.client.RestClient protection(String lg, String code) {
        return network.client("cs-" + lg);
    }

    private static String dvPath(String lg, String code) {
        return "/api/v1/municipalities/" + lg + "/residents/" + code + "/dv-protection";
    }
}
