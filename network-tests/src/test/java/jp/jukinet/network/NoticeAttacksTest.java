package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;

/**
 * Attack 2 of issue #12, through the gateway with the attacker's real certificate: a compromised
 * CS (渋谷区's, 131130, whose node is not even running — the attacker holds its key) sends notices
 * about residents of other municipalities. The prefecture and J-LIS believe it only about the
 * people it owns by their own registers (PRODUCT.md F10): the national record agencies read stays
 * as the residents' own municipalities made it. Beside the attacks, a real move between the
 * prefectures still reaches every tier.
 */
class NoticeAttacksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ATTACKER = "cs-131130";

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
    void aCsCannotRewriteTheNationalRecordOfAResidentOfAnotherPrefecture() {
        Map<String, Object> victim = clerks.newResident("271004");
        String code = (String) victim.get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null);

        ResponseEntity<Map> ack = send(forgedMoveIn(victim, 1));

        assertThat(ack.getStatusCode()).as("%s", ack.getBody()).isEqualTo(HttpStatus.OK);
        // the prefecture cannot know a person from another prefecture and passes the notice on; J-LIS knows
        // the person lives in 大阪市 and parks it
        await().atMost(WAIT).until(() -> parked("national", code) == 1);
        assertThat(clerks.record("national", code)).containsEntry("municipality", "271004").containsEntry("residence", 0);
        assertThat(nationalName(code)).isEqualTo(familyName(victim));
        assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN_FROM_ABROAD");
    }

    @Test
    void aCsCannotRewriteTheRecordOfAResidentOfAnotherMunicipalityOfItsOwnPrefecture() {
        Map<String, Object> victim = clerks.newResident("131016");
        String code = (String) victim.get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null);

        ResponseEntity<Map> ack = send(forgedMoveIn(victim, 1));

        assertThat(ack.getStatusCode()).as("%s", ack.getBody()).isEqualTo(HttpStatus.OK);
        await().atMost(WAIT).until(() -> parked("pref-13", code) == 1);
        assertThat(clerks.record("pref-13", code)).containsEntry("municipality", "131016").containsEntry("residence", 0);
        assertThat(clerks.record("national", code)).containsEntry("municipality", "131016").containsEntry("residence", 0);
        assertThat(clerks.reasons("pref-13", code)).containsExactly("MOVE_IN_FROM_ABROAD");
    }

    @Test
    void aCsCannotSendNoticesForAnotherMunicipalitysRegister() {
        Map<String, Object> victim = clerks.newResident("271004");
        String code = (String) victim.get("residentCode");
        IdentityInformation claimed = identity(victim, LocalGovernmentCode.of("271004"), "偽", 0,
                ChangeReason.NAME_CHANGE);
        long before = appliedThrough("pref-13");

        ResponseEntity<Map> refused = send(claimed);

        Clerks.refused(refused, HttpStatus.FORBIDDEN, "notices[0].identity.municipality");
        assertThat(appliedThrough("pref-13")).isEqualTo(before);
        assertThat(clerks.record("pref-13", code)).isNull();
    }

    @Test
    void aCsCannotClaimAnotherResidentsMyNumberForAPersonOfItsOwn() {
        Map<String, Object> victim = clerks.newResident("271004");
        String code = (String) victim.get("residentCode");
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null);
        ResidentCode own = ResidentCode.random(new java.util.Random(131130));
        IdentityInformation birth = new IdentityInformation(own, MyNumber.of((String) victim.get("myNumber")),
                PersonName.of("渋谷", "一郎", "シブヤ", "イチロウ"), LocalDate.of(2026, 11, 1), Sex.MALE,
                new Address(Clerks.ADDRESSES.get("131130")), LocalGovernmentCode.of("131130"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)));

        assertThat(send(birth).getStatusCode()).isEqualTo(HttpStatus.OK);

        // a register used to drop a record whose My Number a newer notice claimed; J-LIS parks the claim instead
        await().atMost(WAIT).until(() -> parked("national", own.value()) == 1);
        assertThat(clerks.record("national", code)).containsEntry("municipality", "271004")
                .containsEntry("my_number", victim.get("myNumber"));
        assertThat(clerks.record("national", own.value())).isNull();
    }

    @Test
    void aRealMoveBetweenPrefecturesStillReachesEveryTier() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", code, "271004", Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        created(clerks.moveIn("271004", code, Clerks.today(), Map.of()));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE")
                    .containsEntry("municipality", "271004").containsEntry("residence", 1);
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "REMOVED");
            assertThat(clerks.record("pref-27", code)).containsEntry("status", "ACTIVE");
            assertThat(parked("national", code)).isZero();
        });
    }

    /** The victim's identity, moved to the attacker's municipality in a newer residence: a forged 転入. */
    private static IdentityInformation forgedMoveIn(Map<String, Object> victim, int residence) {
        return identity(victim, LocalGovernmentCode.of("131130"), "偽", residence, ChangeReason.MOVE_IN);
    }

    @SuppressWarnings("unchecked")
    private static IdentityInformation identity(Map<String, Object> resident, LocalGovernmentCode municipality,
                                                String family, int residence, ChangeReason reason) {
        Map<String, Object> person = (Map<String, Object>) resident.get("person");
        Map<String, Object> name = (Map<String, Object>) person.get("name");
        LocalDate today = LocalDate.parse(Clerks.today());
        return new IdentityInformation(ResidentCode.of((String) resident.get("residentCode")),
                MyNumber.of((String) resident.get("myNumber")),
                PersonName.of(family, (String) name.get("given"), "ニセ", (String) name.get("givenKana")),
                LocalDate.parse((String) person.get("dateOfBirth")), Sex.valueOf((String) person.get("sex")),
                new Address(Clerks.ADDRESSES.get("131130")), municipality, ResidentStatus.ACTIVE,
                new ChangeInformation(reason, today, today), residence);
    }

    /** Sends one notice as the attacker, next in its stream at 東京都's server, through the gateway. */
    private static ResponseEntity<Map> send(IdentityInformation identity) {
        NodeId source = NodeId.of(ATTACKER);
        ChangeNotice notice = ChangeNotice.of(UUID.randomUUID(), source, appliedThrough("pref-13") + 1, Instant.now(),
                identity);
        return network.client("gateway", ATTACKER).post().uri("/internal/v1/notices")
                .contentType(MediaType.APPLICATION_JSON).body(new ChangeNoticeBatch(source, List.of(notice)))
                .retrieve().toEntity(Map.class);
    }

    private static long appliedThrough(String node) {
        return network.database(node).sql("""
                        SELECT coalesce((SELECT applied_through FROM inbound_progress WHERE source = :source), 0)""")
                .param("source", ATTACKER).query(Long.class).single();
    }

    private static long parked(String node, String code) {
        return network.database(node).sql("SELECT count(*) FROM parked_notices WHERE resident_code = :code")
                .param("code", code).query(Long.class).single();
    }

    private static String nationalName(String code) {
        return network.database("national").sql("SELECT identity->'name'->>'family' FROM residents WHERE resident_code = :c")
                .param("c", code).query(String.class).single();
    }

    @SuppressWarnings("unchecked")
    private static String familyName(Map<String, Object> resident) {
        return (String) ((Map<String, Object>) ((Map<String, Object>) resident.get("person")).get("name")).get("family");
    }
}
