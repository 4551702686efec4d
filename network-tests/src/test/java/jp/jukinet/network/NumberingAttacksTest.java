package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static jp.jukinet.network.Clerks.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jp.jukinet.model.code.ResidentCode;

/**
 * Attack 1 of issue #12, as an attacker who holds one CS's certificate would try it: {@code cs-131016}
 * (千代田区) asks the national numbering service, through the gateway and its prefecture, for the My
 * Number of a resident of 大阪市 (271004), or to change it, or speaks in the name of 大阪市. Each is
 * refused with 403 naming the field, and nothing is issued or changed; beside each, the legitimate
 * path still works: 千代田区 numbers its own newborn, and renumbers a person who moved in.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class NumberingAttacksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MY_NUMBERS = "/internal/v1/numbering/my-numbers";

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
    void aCsGetsNoMyNumberOfAResidentOfAnotherMunicipality() {
        Map<String, Object> osakan = residentKnownToJLis("271004");
        String code = (String) osakan.get("residentCode");

        // as the issue tried it (no municipality), and naming its own municipality
        ResponseEntity<Map> bare = asCs("131016", "{\"requestId\":\"" + UUID.randomUUID() + "\",\"residentCodes\":[\""
                + code + "\"],\"reissue\":false}");
        refused(bare, HttpStatus.BAD_REQUEST, "municipality");
        ResponseEntity<Map> named = asCs("131016", myNumbers("131016", code, false));
        refused(named, HttpStatus.FORBIDDEN, "residentCodes[0]");
        assertThat(bare.getBody().toString() + named.getBody()).doesNotContain((String) osakan.get("myNumber"));
        assertUnchanged(code, (String) osakan.get("myNumber"), 1);

        // beside it: 千代田区 numbers its own newborn
        Map<String, Object> newborn = created(clerks.notify("131016", null, birth()));
        assertThat((String) newborn.get("myNumber")).matches("\\d{12}");
    }

    @Test
    void aCsCannotChangeTheMyNumberOfAResidentOfAnotherMunicipality() {
        Map<String, Object> osakan = residentKnownToJLis("271004");
        String code = (String) osakan.get("residentCode");

        refused(asCs("131016", myNumbers("131016", code, true)), HttpStatus.FORBIDDEN, "residentCodes[0]");
        assertUnchanged(code, (String) osakan.get("myNumber"), 1);

        // beside it: a person who moved from 大阪市 into 千代田区 has their number changed at 千代田区
        Map<String, Object> mover = residentKnownToJLis("271004");
        String moverCode = (String) mover.get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("271004", moverCode, "131016",
                Clerks.today())).get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131016", moveId)));
        created(clerks.moveIn("131016", moverCode, Clerks.today(), Map.of()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", moverCode))
                .containsEntry("municipality", "131016").containsEntry("status", "ACTIVE"));
        Map<String, Object> renumbered = created(clerks.notify("131016", null,
                Map.of("type", "MY_NUMBER_CHANGE", "effectiveDate", Clerks.today(), "residentCode", moverCode)));
        assertThat(renumbered.get("myNumber")).isNotEqualTo(mover.get("myNumber"));
        // and the municipality they left can no longer change it
        refused(asCs("271004", myNumbers("271004", moverCode, true)), HttpStatus.FORBIDDEN, "residentCodes[0]");
        assertUnchanged(moverCode, (String) renumbered.get("myNumber"), 2);
    }

    @Test
    void aCsCannotAskForNumbersInTheNameOfAnotherMunicipality() {
        Map<String, Object> osakan = residentKnownToJLis("271004");
        String code = (String) osakan.get("residentCode");

        ResponseEntity<Map> answer = asCs("131016", myNumbers("271004", code, false));
        refused(answer, HttpStatus.FORBIDDEN, "municipality");
        assertThat(answer.getBody().toString()).doesNotContain((String) osakan.get("myNumber"));
        refused(asCs("131016", myNumbers("271004", code, true)), HttpStatus.FORBIDDEN, "municipality");
        refused(post("cs-131016", "/internal/v1/numbering/resident-code-blocks",
                "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"271004\",\"size\":10}"),
                HttpStatus.FORBIDDEN, "municipality");
        assertUnchanged(code, (String) osakan.get("myNumber"), 1);

        // beside it: 大阪市 registers (and so numbers) its own newcomer
        assertThat((String) clerks.newResident("271004").get("myNumber")).matches("\\d{12}");
    }

    @Test
    void residentCodesOfSuccessiveRegistrationsCannotBeWalked() {
        List<Long> serials = List.of(
                ResidentCode.of((String) created(clerks.notify("131016", null, birth())).get("residentCode")).serial(),
                ResidentCode.of((String) created(clerks.notify("131016", null, birth())).get("residentCode")).serial(),
                ResidentCode.of((String) created(clerks.notify("131016", null, birth())).get("residentCode")).serial());
        // consecutive births took consecutive serials before codes were random; now a step below a million has a
        // chance of 2·10⁻⁴
        assertThat(Math.abs(serials.get(1) - serials.get(0))).isGreaterThan(1_000_000);
        assertThat(Math.abs(serials.get(2) - serials.get(1))).isGreaterThan(1_000_000);
    }

    /** A new resident of {@code lg} whose registration has reached J-LIS. */
    private static Map<String, Object> residentKnownToJLis(String lg) {
        Map<String, Object> person = clerks.newResident(lg);
        String code = (String) person.get("residentCode");
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .isNotNull().containsEntry("municipality", lg));
        return person;
    }

    /** J-LIS still holds {@code myNumber} as the code's one current number, and has issued {@code issued} numbers for it. */
    private static void assertUnchanged(String code, String myNumber, long issued) {
        assertThat(network.database("national")
                .sql("SELECT my_number FROM issued_my_numbers WHERE resident_code = :code AND retired_at IS NULL")
                .param("code", code).query(String.class).list()).containsExactly(myNumber);
        assertThat(clerks.count("national", "SELECT count(*) FROM issued_my_numbers WHERE resident_code = '" + code + "'"))
                .isEqualTo(issued);
    }

    private static String myNumbers(String municipality, String code, boolean reissue) {
        return "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"" + municipality
                + "\",\"residentCodes\":[\"" + code + "\"],\"reissue\":" + reissue + "}";
    }

    private static Map<String, Object> birth() {
        String today = Clerks.today();
        return Map.of("type", "BIRTH", "effectiveDate", today,
                "person", Map.of("name", Map.of("family", "山田", "given", "花子", "familyKana", "ヤマダ", "givenKana", "ハナコ"),
                        "dateOfBirth", today, "sex", "FEMALE", "address", Map.of("text", Clerks.ADDRESSES.get("131016"))));
    }

    /** A My Number request sent with the CS's own certificate, through the gateway, as its numbering client would. */
    private static ResponseEntity<Map> asCs(String lg, String json) {
        return post("cs-" + lg, MY_NUMBERS, json);
    }

    private static ResponseEntity<Map> post(String identity, String path, String json) {
        return network.client("gateway", identity).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json)
                .retrieve().toEntity(Map.class);
    }
}
