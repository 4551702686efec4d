package jp.jukinet.network;

import static jp.jukinet.network.Clerks.created;
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

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.DvProtectionUpdate;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.move.MoveOutWithdrawal;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import tools.jackson.core.type.TypeReference;

/**
 * Attack 4 of issue #12, through the gateway with the attacker's real certificate: 渋谷区's CS
 * (131130), itself the origin of a real move into 大阪市, uses that move to lift the DV support
 * measures of another person in 大阪市; 豊中市's (272035, whose key the attacker holds) withdraws a
 * move-out of 千代田区's into 大阪市. A move message acts
 * only on the person and origin of the move it names (PRODUCT.md F10). Beside the attacks, a real
 * origin's DV update and cancellation still travel.
 */
class MoveMessageAttacksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalGovernmentCode SHIBUYA = LocalGovernmentCode.of("131130");
    private static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    private static final LocalGovernmentCode TOYONAKA = LocalGovernmentCode.of("272035");

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
    void anotherOriginCannotLiftTheDvSupportMeasuresOfAPersonWhoMovedIn() {
        String victim = moveCompleted("131016", "271004");
        String abuser = (String) clerks.newResident("271004").get("residentCode");
        assertThat(network.client("cs-271004").put().uri(dvPath("271004", victim)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("restrictedRequesters", List.of(abuser), "endDate", Clerks.daysFromToday(180)))
                .retrieve().toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        // the attacker's own, real, completed move into 大阪市
        String own = moveCompleted("131130", "271004");
        UUID ownMove = moveIdOf("271004", own);

        ResponseEntity<Map> ack = sendAs("cs-131130", new DvProtectionUpdate(ownMove, SHIBUYA, OSAKA, ResidentCode.of(victim), null));

        assertThat(ack.getStatusCode()).as("%s", ack.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(network.client("cs-271004").get().uri(dvPath("271004", victim)).retrieve().toEntity(Map.class)
                .getBody()).containsEntry("restrictedRequesters", List.of(abuser));
        assertThat((List<Map<String, Object>>) clerks.moves("271004", victim).get("anomalies")).singleElement()
                .satisfies(anomaly -> assertThat(anomaly).containsEntry("kind", "MESSAGE_ABOUT_ANOTHER_ORIGIN_OR_PERSON")
                        .containsEntry("counterpart", "131130"));
        // naming the victim's own move, of another origin, changes nothing either
        UUID victimsMove = moveIdOf("271004", victim);
        sendAs("cs-131130", new DvProtectionUpdate(victimsMove, SHIBUYA, OSAKA, ResidentCode.of(victim), null));
        assertThat(network.client("cs-271004").get().uri(dvPath("271004", victim)).retrieve().toEntity(Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anotherOriginCannotWithdrawAPendingMoveInAtOnceNorThroughItsStream() {
        String person = (String) clerks.newResident("131016").get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", person, "271004",
                Clerks.daysFromToday(3))).get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        MoveOutWithdrawal withdrawal = new MoveOutWithdrawal(UUID.fromString(moveId), TOYONAKA, OSAKA,
                ResidentCode.of(person), MoveOutWithdrawal.Reason.CANCELLED);

        ResponseEntity<Map> atOnce = network.client("gateway", "cs-272035").post()
                .uri("/internal/v1/municipalities/271004/moves/" + moveId + "/withdrawal")
                .contentType(MediaType.APPLICATION_JSON).body(withdrawal).retrieve().toEntity(Map.class);
        Clerks.refused(atOnce, HttpStatus.FORBIDDEN, "moveId");
        assertThat(sendAs("cs-272035", withdrawal).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(clerks.incomingState("271004", moveId)).isEqualTo("AVAILABLE");
        // the real origin still cancels its own move-out
        ResponseEntity<Map> cancelled = network.client("cs-131016").post()
                .uri("/api/v1/municipalities/131016/moves/" + moveId + "/cancellation").retrieve().toEntity(Map.class);
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(clerks.incomingState("271004", moveId)).isEqualTo("WITHDRAWN");
    }

    @Test
    void theRealOriginsDvUpdateStillTravelsWithItsMove() {
        String person = (String) clerks.newResident("131016").get("residentCode");
        String abuser = (String) clerks.newResident("131016").get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut("131016", person, "271004",
                Clerks.today())).get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        assertThat(network.client("cs-131016").put().uri(dvPath("131016", person)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("restrictedRequesters", List.of(abuser), "endDate", Clerks.daysFromToday(180)))
                .retrieve().toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(WAIT).until(() -> network.database("cs-271004")
                .sql("SELECT jsonb_exists(certificate, 'dvProtection') FROM incoming_moves WHERE move_id = :id::uuid")
                .param("id", moveId).query(Boolean.class).single());

        created(clerks.moveIn("271004", person, Clerks.today(), Map.of()));

        assertThat(network.client("cs-271004").get().uri(dvPath("271004", person)).retrieve().toEntity(Map.class)
                .getBody()).containsEntry("restrictedRequesters", List.of(abuser));
    }

    /** A new resident of {@code from} who has moved to {@code to}, the move completed at both ends. */
    private static String moveCompleted(String from, String to) {
        String code = (String) clerks.newResident(from).get("residentCode");
        String moveId = (String) ((Map<String, Object>) created(clerks.moveOut(from, code, to, Clerks.today()))
                .get("move")).get("moveId");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState(to, moveId)));
        created(clerks.moveIn(to, code, Clerks.today(), Map.of()));
        await().atMost(WAIT).until(() -> "COMPLETED".equals(clerks.outgoingState(from, moveId)));
        return code;
    }

    private static UUID moveIdOf(String lg, String code) {
        return network.database("cs-" + lg).sql("SELECT move_id FROM incoming_moves WHERE resident_code = :code")
                .param("code", code).query(UUID.class).single();
    }

    /**
     * Sends one move message as {@code attacker}, next in its stream at 大阪市, through the gateway with
     * its certificate. (Each test's attacker has a stream of its own at 大阪市, so the real CS of that
     * name, where it runs, never has its numbers taken.)
     */
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

    private static String dvPath(String lg, String code) {
        return "/api/v1/municipalities/" + lg + "/residents/" + code + "/dv-protection";
    }
}
