package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import tools.jackson.core.type.TypeReference;

/**
 * The 附票 notice (住基法 第19条第1項, flow F3) between real CSs through the gateway: the municipality
 * of residence tells the 本籍地 of a birth, a 転入 (the 本籍 entered by the clerk of the destination)
 * and a 転居, and the 本籍地's clerk reads the 附票; the 本籍 reaches no prefecture server and not
 * J-LIS. Attack: a CS with its real certificate sends 附票 notices to a municipality that is not the
 * 本籍地, or in another municipality's name: refused, recorded and counted, and its stream goes on.
 */
class FuhyoNoticesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] NODES = {"national", "pref-13", "pref-27", "cs-131016", "cs-131130", "cs-271004"};

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
    void aBirthIsNotifiedToTheDomicile() {
        String domicile = "大阪府大阪市北区中之島一丁目" + UUID.randomUUID();
        Map<String, Object> birth = Map.of("type", "BIRTH", "effectiveDate", Clerks.today(),
                "person", Map.of("name", Map.of("family", "山田", "given", "花子", "familyKana", "ヤマダ", "givenKana", "ハナコ"),
                        "dateOfBirth", Clerks.today(), "sex", "FEMALE",
                        "address", Map.of("text", Clerks.ADDRESSES.get("131016"))),
                "domicile", Map.of("municipality", "271004", "text", domicile, "head", "山田 太郎"));
        String code = (String) created(clerks.notify("131016", null, birth)).get("residentCode");

        assertThat(entries("271004", code)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("residence", "131016").containsEntry("event", "BIRTH").containsEntry("domicile", domicile)
                .containsEntry("head", "山田 太郎").containsEntry("addressSince", Clerks.today())
                .containsEntry("address", Clerks.ADDRESSES.get("131016")));
        assertDomicileNowhereUpTheChain(code, domicile, "BIRTH");
    }

    @Test
    void aMoveInEnteredWithItsDomicileAndAMoveWithinAreNotifiedToTheDomicile() {
        String domicile = "大阪府大阪市北区中之島一丁目" + UUID.randomUUID();
        Map<String, Object> entered = Map.of("municipality", "271004", "text", domicile);
        String code = (String) clerks.newResident("131130", Clerks.ADDRESSES.get("131130"), Map.of("domicile", entered))
                .get("residentCode");
        entries("271004", code);
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131130", code, "131016", Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131016", moveId)));

        // the 転出証明書情報 does not carry the 本籍: B's clerk enters it with the 転入届
        assertThat(network.database("cs-131016").sql("SELECT certificate::text FROM incoming_moves WHERE move_id = :id::uuid")
                .param("id", moveId).query(String.class).single()).doesNotContain(domicile);
        created(clerks.moveIn("131016", code, Clerks.today(), Map.of("domicile", entered)));
        await().atMost(WAIT).until(() -> entries("271004", code).size() == 2);
        created(clerks.notify("131016", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号")))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(entries("271004", code))
                .extracting(entry -> entry.get("residence") + "/" + entry.get("event") + "/" + entry.get("address"))
                .containsExactly("131130/MOVE_IN_FROM_ABROAD/" + Clerks.ADDRESSES.get("131130"),
                        "131016/MOVE_IN/" + Clerks.ADDRESSES.get("131016"),
                        "131016/MOVE_WITHIN/東京都千代田区永田町1丁目7番1号"));
        assertDomicileNowhereUpTheChain(code, domicile, "MOVE_WITHIN");
    }

    @Test
    void aFuhyoNoticeToAMunicipalityThatIsNotTheDomicileIsRefusedRecordedAndTheStreamGoesOn() {
        // 豊中市's CS (272035, whose key the attacker holds) writes to 大阪市 with its real certificate
        ResidentCode person = ResidentCode.random(new java.util.Random());
        double refusedBefore = refused("cs-271004");
        ResponseEntity<Map> notTheDomicile = sendAs("cs-272035", notice(person, "272035", "131016"));
        ResponseEntity<Map> inAnotherName = sendAs("cs-272035", notice(person, "131016", "271004"));
        assertThat(notTheDomicile.getStatusCode()).as("%s", notTheDomicile.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(inAnotherName.getStatusCode()).as("%s", inAnotherName.getBody()).isEqualTo(HttpStatus.OK);

        ResponseEntity<List> refusals = network.client("cs-271004").get()
                .uri("/api/v1/municipalities/271004/fuhyo-refusals").retrieve().toEntity(List.class);
        assertThat((List<Map<String, Object>>) refusals.getBody()).filteredOn(r -> person.value().equals(r.get("residentCode")))
                .extracting(r -> r.get("source") + "/" + r.get("claimedResidence") + "/" + r.get("claimedDomicile") + "/"
                        + r.get("reason"))
                .containsExactly("cs-272035/131016/271004/SENDER_NOT_SOURCE", "cs-272035/272035/131016/NOT_THE_DOMICILE");
        assertThat(refused("cs-271004") - refusedBefore).isEqualTo(2);
        assertThat(clerks.fuhyo("271004", person.value()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        // the same stream goes on: its next, well-addressed notice is written
        assertThat(sendAs("cs-272035", notice(person, "272035", "271004")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(entries("271004", person.value())).singleElement()
                .satisfies(entry -> assertThat(entry).containsEntry("residence", "272035"));
    }

    /** The person's 附票 at the 本籍地, once it has an entry. */
    private static List<Map<String, Object>> entries(String lg, String code) {
        await().atMost(WAIT).until(() -> clerks.fuhyo(lg, code).getStatusCode() == HttpStatus.OK);
        return (List<Map<String, Object>>) clerks.fuhyo(lg, code).getBody().get("entries");
    }

    /** Once the change reached J-LIS, no tier but the CSs' 本籍 tables and 附票 holds the 本籍. */
    private static void assertDomicileNowhereUpTheChain(String code, String domicile, String lastReason) {
        await().atMost(WAIT).until(() -> clerks.record("national", code) != null
                && lastReason.equals(clerks.record("national", code).get("reason")));
        for (String node : NODES) {
            for (String table : node.startsWith("cs-") ? new String[] {"residents", "resident_history", "notice_outbox"}
                    : new String[] {"residents", "resident_history"}) {
                assertThat(clerks.count(node, "SELECT count(*) FROM " + table + " WHERE identity::text LIKE '%"
                        + domicile + "%'")).as(node + " " + table).isZero();
            }
        }
        for (String prefecture : new String[] {"pref-13", "pref-27"}) {
            assertThat(clerks.count(prefecture, "SELECT count(*) FROM notice_outbox WHERE identity::text LIKE '%"
                    + domicile + "%'")).isZero();
        }
    }

    private static FuhyoNotice notice(ResidentCode person, String residence, String domicile) {
        return new FuhyoNotice(UUID.randomUUID(), LocalGovernmentCode.of(residence),
                new PermanentDomicile(LocalGovernmentCode.of(domicile), "本籍" + UUID.randomUUID(), null), person,
                PersonName.of("佐藤", "一郎", "サトウ", "イチロウ"), LocalDate.of(1970, 1, 1), Sex.MALE,
                new Address("大阪府豊中市中桜塚3丁目1番1号"), LocalDate.of(2026, 11, 1), FuhyoNotice.Event.MOVE_IN);
    }

    /** One message as {@code attacker}, next in its stream at 大阪市, through the gateway with its certificate. */
    private static ResponseEntity<Map> sendAs(String attacker, MoveMessage message) {
        long next = network.database("cs-271004").sql("""
                        SELECT coalesce((SELECT applied_through FROM inbound_progress WHERE source = :source), 0)""")
                .param("source", attacker).query(Long.class).single() + 1;
        String batch = JukiNetJson.mapper().writerFor(new TypeReference<PeerBatch<MoveMessage>>() { })
                .writeValueAsString(new PeerBatch<MoveMessage>(NodeId.of(attacker), NodeId.of("cs-271004"),
                        List.of(new PeerMessage<>(next, UUID.randomUUID(), message))));
        return network.client("gateway", attacker).post().uri("/internal/v1/municipalities/271004/messages")
                .contentType(MediaType.APPLICATION_JSON).body(batch).retrieve().toEntity(Map.class);
    }

    private static double refused(String node) {
        return network.bean(node, MeterRegistry.class).find("jukinet.fuhyo.refused").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }
}
