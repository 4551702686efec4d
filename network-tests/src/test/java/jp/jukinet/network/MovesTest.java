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

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.MoveInNotification;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import tools.jackson.core.type.TypeReference;

/**
 * Moves between municipalities (F3) end to end through the gateway, in two prefectures (13:
 * 131016 千代田区, 131130 渋谷区; 27: 271004 大阪市, 272035 豊中市): the 転出届 at A removes the
 * person's record (除票, dated the planned day, naming the destination) and, for the card-based kind
 * (特例転出), sends the 転出証明書情報 to B; an ordinary one gives the person a paper 転出証明書 that
 * B checks against J-LIS. The 転入届 at B registers the person with the same numbers and sends the
 * 転入通知 to A, which completes its 除票 with the day moved, and every tier ends with one current
 * record where the person lives now. Each edge case gets its answer and leaves nothing half-done.
 */
class MovesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalNetwork network;
    private static Clerks clerks;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27")
                .cs("131016").cs("131130").cs("271004").cs("272035").startAll();
        clerks = new Clerks(network);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @Test
    void aMoveAcrossPrefecturesEndsWithOneCurrentRecordInTheNewPrefectureAndTheWholeHistory() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");

        String planned = Clerks.daysFromToday(7);
        Map<String, Object> out = created(clerks.moveOut("131016", code, "271004", planned));
        assertThat(out).containsEntry("residentCode", code).containsEntry("status", "REMOVED")
                .containsEntry("municipality", "131016").containsKey("changeId");
        assertThat((Map<String, Object>) out.get("change")).containsEntry("reason", "MOVE_OUT").containsEntry("effectiveDate", planned);
        Map<String, Object> move = (Map<String, Object>) out.get("move");
        assertThat(move).containsEntry("direction", "OUT").containsEntry("state", "PENDING")
                .containsEntry("destination", "271004").containsEntry("plannedDate", Clerks.daysFromToday(7));
        String moveId = (String) move.get("moveId");
        // the 転出届 removed the record at A (除票, the planned day, the destination) and the removal went up:
        // no copy is issued any more, and J-LIS shows the person removed from A with the planned destination
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT")
                .containsEntry("effective", planned).containsEntry("moved_to", "271004");
        assertThat(clerks.reasons("cs-131016", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT");
        notIssuable(copy("131130", "131016", code));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED").containsEntry("municipality", "131016").containsEntry("moved_to", "271004"));
        assertThat(lookup(code)).containsEntry("status", "REMOVED").containsEntry("movedTo", "271004")
                .containsEntry("residentCode", code);
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));

        String movedOn = Clerks.today();
        Map<String, Object> in = created(clerks.moveIn("271004", code, movedOn, Map.of()));
        assertThat(in).containsEntry("residentCode", code).containsEntry("myNumber", person.get("myNumber"))
                .containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
        assertThat((Map<String, Object>) in.get("change")).containsEntry("reason", "MOVE_IN").containsEntry("effectiveDate", movedOn);
        assertThat((Map<String, Object>) in.get("person")).isEqualTo(Map.of(
                "name", ((Map<String, Object>) person.get("person")).get("name"),
                "dateOfBirth", ((Map<String, Object>) person.get("person")).get("dateOfBirth"),
                "sex", ((Map<String, Object>) person.get("person")).get("sex"),
                "address", Map.of("text", Clerks.ADDRESSES.get("271004"))));
        assertThat((Map<String, Object>) in.get("move")).containsEntry("moveId", moveId).containsEntry("direction", "IN")
                .containsEntry("state", "COMPLETED").containsEntry("origin", "131016");

        // A receives the 転入通知 and completes its 除票 with the day of the move: one more change, still 転出
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("cs-131016", code))
                .containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT").containsEntry("effective", movedOn)
                .containsEntry("moved_to", "271004"));
        assertThat(clerks.outgoingState("131016", moveId)).isEqualTo("COMPLETED");
        assertThat(clerks.record("cs-271004", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004")
                .containsEntry("residence", 1).containsEntry("my_number", person.get("myNumber"));
        assertThat(clerks.reasons("cs-131016", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        assertThat(clerks.reasons("cs-271004", code)).containsExactly("MOVE_IN");

        // both CSs notified upward: each prefecture keeps its own residents, the national server one current record
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT")
                    .containsEntry("municipality", "131016");
            assertThat(clerks.reasons("pref-13", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
            assertThat(clerks.record("pref-27", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
            assertThat(clerks.reasons("pref-27", code)).containsExactly("MOVE_IN");
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004")
                    .containsEntry("prefecture", "27").containsEntry("residence", 1);
            assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        });
        assertThat(clerks.count("national", "SELECT count(*) FROM residents WHERE resident_code = '" + code + "'")).isOne();

        // the clerks of both municipalities see the move; every crossing went through the gateway
        assertThat((List<Map<String, Object>>) clerks.moves("131016", code).get("outgoing")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("state", "COMPLETED").containsEntry("movedOn", movedOn));
        assertThat((List<Map<String, Object>>) clerks.resident("271004", code).get("moves")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("direction", "IN").containsEntry("state", "COMPLETED"));
        MeterRegistry meters = network.bean("gateway", MeterRegistry.class);
        assertThat(meters.find("jukinet.gateway.forwarded").tag("route", "cs-move-messages").counter().count()).isPositive();
    }

    @Test
    void aMoveWithinAPrefectureEndsWithOneCurrentRecordAtThePrefectureAndNationally() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        String moveId = moveId(created(clerks.moveOut("131016", code, "131130", Clerks.today())));
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131130", moveId)));
        created(clerks.moveIn("131130", code, Clerks.today(),
                Map.of("person", Map.of("address", Map.of("text", "東京都渋谷区神南1丁目19番11号")))));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT");
            // one prefecture hears both ends, from two CSs: the new residence stays current whatever the order
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "131130")
                    .containsEntry("residence", 1);
            assertThat(clerks.reasons("pref-13", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "131130");
            assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        });
        assertThat(clerks.record("pref-27", code)).isNull();
        assertThat(network.database("cs-131130").sql("SELECT identity->'address'->>'text' FROM residents WHERE resident_code = :c")
                .param("c", code).query(String.class).single()).isEqualTo("東京都渋谷区神南1丁目19番11号");
    }

    @Test
    void theNationalServerShowsOneRecordWhicheverEndOfTheMoveArrivesFirst() {
        // the 転入 at B reaches the national server first: A's prefecture is down from the 転出届 on, so A's
        // removal waits in A's outbox; J-LIS parks B's 転入 and applies it once A's 転出, which names B, arrives
        Map<String, Object> first = clerks.newResident("131016");
        String firstCode = (String) first.get("residentCode");
        awaitAtNational(firstCode, "131016");
        network.stop("pref-13");
        try {
            String firstMove = moveId(created(clerks.moveOut("131016", firstCode, "271004", Clerks.today())));
            await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", firstMove)));
            created(clerks.moveIn("271004", firstCode, Clerks.today(), Map.of()));
            // J-LIS does not yet know that 千代田区 released the person: B's 転入 waits, parked, and the
            // person stays where J-LIS last knew them (F10: B does not own them before A's 転出) — one record
            await().atMost(WAIT).until(() -> clerks.count("national",
                    "SELECT count(*) FROM parked_notices WHERE resident_code = '" + firstCode + "'") == 1);
            assertThat(clerks.record("national", firstCode)).containsEntry("status", "ACTIVE")
                    .containsEntry("municipality", "131016");
            assertThat(clerks.reasons("national", firstCode)).containsExactly("MOVE_IN_FROM_ABROAD");
        } finally {
            network.start("pref-13");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.reasons("national", firstCode))
                .containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT"));
        assertThat(clerks.record("national", firstCode)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
        assertThat(clerks.count("national", "SELECT count(*) FROM parked_notices WHERE resident_code = '" + firstCode + "'"))
                .isZero();
        assertThat(clerks.count("national", "SELECT count(*) FROM residents WHERE resident_code = '" + firstCode + "'")).isOne();

        // the 転出 at A reaches the national server first: between it and B's 転入 J-LIS shows the person removed
        // from A with the planned destination; B's prefecture is down when B registers the 転入, and A's
        // completion of the 除票 (the day moved) reaches J-LIS before B's 転入 does
        Map<String, Object> second = clerks.newResident("131016");
        String secondCode = (String) second.get("residentCode");
        awaitAtNational(secondCode, "131016");
        String planned = Clerks.daysFromToday(2);
        String secondMove = moveId(created(clerks.moveOut("131016", secondCode, "272035", planned)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", secondCode))
                .containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT").containsEntry("effective", planned)
                .containsEntry("moved_to", "272035"));
        assertThat(lookup(secondCode)).containsEntry("status", "REMOVED").containsEntry("movedTo", "272035");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("272035", secondMove)));
        network.stop("pref-27");
        try {
            created(clerks.moveIn("272035", secondCode, Clerks.today(), Map.of()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", secondCode))
                    .containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT")
                    .containsEntry("effective", Clerks.today()).containsEntry("moved_to", "272035"));
            assertThat(lookup(secondCode)).containsEntry("status", "REMOVED").containsEntry("movedTo", "272035");
        } finally {
            network.start("pref-27");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", secondCode))
                .containsEntry("status", "ACTIVE").containsEntry("municipality", "272035").containsEntry("prefecture", "27"));
        assertThat(clerks.reasons("national", secondCode)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        assertThat(lookup(secondCode)).containsEntry("status", "ACTIVE").doesNotContainKey("movedTo");
        assertThat(clerks.record("pref-13", secondCode)).containsEntry("status", "REMOVED");
        assertThat(clerks.record("pref-27", secondCode)).containsEntry("status", "ACTIVE");
    }

    @Test
    void theCardBasedMoveOutArrivesOnlineAndIsCompletedWhenThePersonAppearsWithTheirCard() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        Map<String, Object> body = Map.of("effectiveDate", Clerks.daysFromToday(3), "destination",
                Map.of("municipality", "272035", "address", Map.of("text", Clerks.ADDRESSES.get("272035"))));

        // only the person, with their own certificate, and only at their own municipality
        ResponseEntity<Map> elsewhere = network.client("gateway", "resident-" + code).post()
                .uri("/api/v1/municipalities/131130/online-move-outs").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(Map.class);
        refused(elsewhere, HttpStatus.NOT_FOUND, "residentCode");
        ResponseEntity<Map> online = network.client("gateway", "resident-" + code).post()
                .uri("/api/v1/municipalities/131016/online-move-outs").contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().toEntity(Map.class);
        Map<String, Object> move = created(online);
        assertThat(move).containsEntry("state", "PENDING").containsEntry("cardBased", true).containsEntry("channel", "ONLINE")
                .containsEntry("residentCode", code).containsEntry("destination", "272035");
        String moveId = (String) move.get("moveId");

        // the information goes ahead; B completes the move when the person appears with the card
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("272035", moveId)));
        long historyAtB = clerks.count("cs-272035", "SELECT count(*) FROM resident_history");
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED").containsEntry("moved_to", "272035");
        refused(clerks.moveIn("272035", code, Clerks.today(), Map.of("cardPresented", false)), HttpStatus.BAD_REQUEST,
                "cardPresented");
        assertThat(clerks.count("cs-272035", "SELECT count(*) FROM resident_history")).isEqualTo(historyAtB);
        assertThat(clerks.incomingState("272035", moveId)).isEqualTo("AVAILABLE");
        created(clerks.moveIn("272035", code, Clerks.today(), Map.of("cardPresented", true)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT");
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "272035");
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "REMOVED");
            assertThat(clerks.record("pref-27", code)).containsEntry("status", "ACTIVE");
        });
    }

    @Test
    void aMoveWithinTheMunicipalityStaysAtItsCsAndGoesOnlyUpTheChain() {
        String code = (String) clerks.newResident("131130").get("residentCode");
        long messagesBefore = clerks.count("cs-131130", "SELECT count(*) FROM peer_outbox");
        created(clerks.notify("131130", null, Map.of("type", "MOVE_WITHIN", "effectiveDate", Clerks.today(),
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都渋谷区道玄坂1丁目2番3号")))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.reasons("national", code))
                .containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_WITHIN"));
        assertThat(clerks.count("cs-131130", "SELECT count(*) FROM peer_outbox")).isEqualTo(messagesBefore);
        assertThat(clerks.count("cs-131130", "SELECT count(*) FROM outgoing_moves WHERE resident_code = '" + code + "'")).isZero();
        assertThat(clerks.record("national", code)).containsEntry("municipality", "131130").containsEntry("residence", 0);
    }

    @Test
    void aMoveInWithoutMoveOutInformationIsRefusedAndWritesNothing() {
        Map<String, Object> registered = clerks.newResident("131016");
        String code = (String) registered.get("residentCode");
        awaitAtNational(code, "131016");
        long residents = clerks.count("cs-271004", "SELECT count(*) FROM residents");
        long history = clerks.count("cs-271004", "SELECT count(*) FROM resident_history");
        long notices = clerks.count("cs-271004", "SELECT count(*) FROM notice_outbox");
        long messages = clerks.count("cs-271004", "SELECT count(*) FROM peer_outbox");

        ResponseEntity<Map> refusal = clerks.moveIn("271004", code, Clerks.today(), Map.of());
        refused(refusal, HttpStatus.CONFLICT, "residentCode");
        assertThat((String) refusal.getBody().get("detail")).contains("転出証明書情報").contains("MOVE_IN_FROM_ABROAD");

        // nor is the person registered afresh as coming from abroad while they are registered elsewhere
        Map<String, Object> person = (Map<String, Object>) registered.get("person");
        ResponseEntity<Map> fromAbroad = clerks.notify("271004", null, Map.of("type", "MOVE_IN_FROM_ABROAD",
                "effectiveDate", Clerks.today(), "person", Map.of("name", person.get("name"),
                        "dateOfBirth", person.get("dateOfBirth"), "sex", person.get("sex"),
                        "address", Map.of("text", Clerks.ADDRESSES.get("271004")))));
        refused(fromAbroad, HttpStatus.CONFLICT, "person");

        assertThat(clerks.record("cs-271004", code)).isNull();
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM residents")).isEqualTo(residents);
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM resident_history")).isEqualTo(history);
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM notice_outbox")).isEqualTo(notices);
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM peer_outbox")).isEqualTo(messages);
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "ACTIVE");
        assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "131016");
    }

    @Test
    void aSecondMoveInForTheSameMoveOutIsRefusedAndTheFirstIsAnsweredAgainForItsKey() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        String moveId = moveId(created(clerks.moveOut("131016", code, "271004", Clerks.today())));
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));
        Map<String, Object> body = Map.of("type", "MOVE_IN", "effectiveDate", Clerks.today(), "residentCode", code,
                "cardPresented", true);
        String key = UUID.randomUUID().toString();
        Map<String, Object> first = created(clerks.notify("271004", key, body));
        assertThat(created(clerks.notify("271004", key, body))).isEqualTo(first);

        ResponseEntity<Map> again = clerks.moveIn("271004", code, Clerks.today(), Map.of());
        refused(again, HttpStatus.CONFLICT, "residentCode");
        refused(clerks.moveIn("272035", code, Clerks.today(), Map.of()), HttpStatus.CONFLICT, "residentCode");

        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.reasons("national", code))
                .containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT"));
        assertThat(clerks.reasons("cs-271004", code)).containsExactly("MOVE_IN");
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM peer_outbox WHERE payload->>'moveId' = '" + moveId + "'"))
                .isOne();
        assertThat(clerks.record("cs-272035", code)).isNull();
    }

    @Test
    void aCancelledMoveOutRestoresThePersonWhereTheyWereAndItsInformationCannotBeUsed() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        String moveId = moveId(created(clerks.moveOut("131016", code, "272035", Clerks.daysFromToday(5))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED").containsEntry("moved_to", "272035"));
        // while the move-out is pending the removed record at A takes no other change
        refused(clerks.notify("131016", null, Map.of("type", "NAME_CHANGE", "effectiveDate", Clerks.today(),
                        "residentCode", code, "person", Map.of("name", Map.of("family", "木村", "given", "花子",
                                "familyKana", "キムラ", "givenKana", "ハナコ")))),
                HttpStatus.CONFLICT, "residentCode");
        refused(clerks.moveOut("131016", code, "271004", Clerks.today()), HttpStatus.CONFLICT, "residentCode");
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("272035", moveId)));

        // B cannot be reached: nothing changes, the clerk is told to retry
        network.stop("cs-272035");
        try {
            refused(cancel("131016", moveId), HttpStatus.SERVICE_UNAVAILABLE, null);
            assertThat(clerks.outgoingState("131016", moveId)).isEqualTo("PENDING");
            assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED");
        } finally {
            network.start("cs-272035");
        }
        ResponseEntity<Map> cancelled = cancel("131016", moveId);
        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cancelled.getBody()).containsEntry("state", "CANCELLED");
        assertThat(cancel("131016", moveId).getBody()).containsEntry("state", "CANCELLED");
        assertThat(clerks.incomingState("272035", moveId)).isEqualTo("WITHDRAWN");

        ResponseEntity<Map> moveIn = clerks.moveIn("272035", code, Clerks.today(), Map.of());
        refused(moveIn, HttpStatus.CONFLICT, "residentCode");
        assertThat((String) moveIn.getBody().get("detail")).contains("転出取消");
        assertThat(clerks.record("cs-272035", code)).isNull();
        // the record is in force again at A (転出取消, same residence, no destination), and so at J-LIS
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "ACTIVE")
                .containsEntry("reason", "MOVE_OUT_CANCELLATION").containsEntry("residence", 0).containsEntry("moved_to", null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "131016")
                    .containsEntry("reason", "MOVE_OUT_CANCELLATION").containsEntry("moved_to", null);
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "ACTIVE")
                    .containsEntry("reason", "MOVE_OUT_CANCELLATION");
        });
        assertThat(clerks.count("national", "SELECT count(*) FROM parked_notices WHERE resident_code = '" + code + "'")).isZero();
        assertThat(lookup(code)).containsEntry("status", "ACTIVE").doesNotContainKey("movedTo");
        assertThat(clerks.reasons("cs-131016", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT_CANCELLATION");
        // the person may move out again, and a move-out that completed cannot be cancelled
        String again = moveId(created(clerks.moveOut("131016", code, "131130", Clerks.today())));
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("131130", again)));
        created(clerks.moveIn("131130", code, Clerks.today(), Map.of()));
        await().atMost(WAIT).until(() -> "COMPLETED".equals(clerks.outgoingState("131016", again)));
        refused(cancel("131016", again), HttpStatus.CONFLICT, "moveId");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "131130");
            assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT",
                    "MOVE_OUT", "MOVE_OUT_CANCELLATION");
        });
    }

    @Test
    void aDeathBetweenMoveOutAndMoveInWithdrawsTheMoveAtBothEnds() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        String moveId = moveId(created(clerks.moveOut("131016", code, "271004", Clerks.daysFromToday(3))));
        await().atMost(WAIT).until(() -> "AVAILABLE".equals(clerks.incomingState("271004", moveId)));

        Map<String, Object> died = created(clerks.notify("131016", null,
                Map.of("type", "DEATH", "effectiveDate", Clerks.today(), "residentCode", code)));
        assertThat(died).containsEntry("status", "REMOVED");
        assertThat(clerks.outgoingState("131016", moveId)).isEqualTo("VOIDED");
        await().atMost(WAIT).until(() -> "WITHDRAWN".equals(clerks.incomingState("271004", moveId)));
        assertThat(network.database("cs-271004").sql("SELECT withdrawal_reason FROM incoming_moves WHERE move_id = :id::uuid")
                .param("id", moveId).query(String.class).single()).isEqualTo("DEATH");

        ResponseEntity<Map> moveIn = clerks.moveIn("271004", code, Clerks.today(), Map.of());
        refused(moveIn, HttpStatus.CONFLICT, "residentCode");
        assertThat((String) moveIn.getBody().get("detail")).contains("死亡");
        refused(cancel("131016", moveId), HttpStatus.CONFLICT, "moveId");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("national", code)).containsEntry("status", "REMOVED").containsEntry("reason", "DEATH")
                    .containsEntry("municipality", "131016").containsEntry("moved_to", null);
            assertThat(clerks.record("pref-13", code)).containsEntry("status", "REMOVED").containsEntry("reason", "DEATH");
        });
        assertThat(clerks.record("cs-271004", code)).isNull();
        assertThat(clerks.record("pref-27", code)).isNull();
    }

    @Test
    void anUnreachableCsGetsItsInformationWhenItIsBackAndNothingIsLostOrDuplicated() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        awaitAtNational(code, "131016");

        // B is down when A registers the 転出届: the information waits in A's outbox
        network.stop("cs-271004");
        String moveId = moveId(created(clerks.moveOut("131016", code, "271004", Clerks.today())));
        assertThat(pendingMessages("cs-131016", "cs-271004")).isOne();
        // B comes back, commits the information, and loses its first two acknowledgements: A sends it again
        network.stop("cs-131016");
        network.start("cs-271004");
        Faults atB = network.bean("cs-271004", Faults.class);
        atB.loseAcknowledgements(2);
        network.start("cs-131016");
        await().atMost(WAIT).until(() -> pendingMessages("cs-131016", "cs-271004") == 0);
        assertThat(atB.acknowledgementsLost()).isEqualTo(2);
        assertThat(clerks.incomingState("271004", moveId)).isEqualTo("AVAILABLE");

        // A is down when B registers the 転入届: the 転入通知 waits in B's outbox
        network.stop("cs-131016");
        created(clerks.moveIn("271004", code, Clerks.today(), Map.of()));
        assertThat(pendingMessages("cs-271004", "cs-131016")).isOne();
        network.stop("cs-271004");
        network.start("cs-131016");
        Faults atA = network.bean("cs-131016", Faults.class);
        atA.loseAcknowledgements(1);
        network.start("cs-271004");
        await().atMost(WAIT).until(() -> "COMPLETED".equals(clerks.outgoingState("131016", moveId)));
        await().atMost(WAIT).until(() -> pendingMessages("cs-271004", "cs-131016") == 0);
        assertThat(atA.acknowledgementsLost()).isEqualTo(1);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
            assertThat(clerks.reasons("pref-13", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
            assertThat(clerks.reasons("pref-27", code)).containsExactly("MOVE_IN");
        });
        assertThat(clerks.reasons("cs-131016", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        assertThat(clerks.reasons("cs-271004", code)).containsExactly("MOVE_IN");
        assertThat(clerks.count("cs-271004", "SELECT count(*) FROM incoming_moves WHERE resident_code = '" + code + "'")).isOne();
        // every message each CS sent the other is applied exactly once: applied-through equals what was sent
        assertThat(clerks.count("cs-271004", "SELECT applied_through FROM inbound_progress WHERE source = 'cs-131016'"))
                .isEqualTo(clerks.count("cs-131016", "SELECT last_sequence FROM peer_outbox_state WHERE destination = 'cs-271004'"));
        assertThat(clerks.count("cs-131016", "SELECT applied_through FROM inbound_progress WHERE source = 'cs-271004'"))
                .isEqualTo(clerks.count("cs-271004", "SELECT last_sequence FROM peer_outbox_state WHERE destination = 'cs-131016'"));
    }

    private static long pendingMessages(String from, String to) {
        return clerks.count(from, "SELECT count(*) FROM peer_outbox WHERE acknowledged_at IS NULL AND destination = '" + to + "'");
    }

    @Test
    void aMoveInNotificationForAPersonThisCsNeverHadChangesNothingAndIsShownToItsClerks() {
        String stranger = ResidentCode.fromSerial(1_999_999_001L).value();
        long history = clerks.count("cs-131016", "SELECT count(*) FROM resident_history");
        long notices = clerks.count("cs-131016", "SELECT count(*) FROM notice_outbox");
        UUID moveId = UUID.randomUUID();
        String batch = JukiNetJson.mapper().writerFor(new TypeReference<PeerBatch<MoveMessage>>() { })
                .writeValueAsString(new PeerBatch<MoveMessage>(NodeId.of("cs-141003"), NodeId.of("cs-131016"),
                        List.of(new PeerMessage<>(1, UUID.randomUUID(), new MoveInNotification(moveId,
                                LocalGovernmentCode.of("131016"), LocalGovernmentCode.of("141003"),
                                ResidentCode.of(stranger), java.time.LocalDate.now(), java.time.LocalDate.now())))));

        // a CS may send only its own messages
        ResponseEntity<Map> forged = network.client("gateway", "cs-272035").post()
                .uri("/internal/v1/municipalities/131016/messages").contentType(MediaType.APPLICATION_JSON)
                .body(batch).retrieve().toEntity(Map.class);
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        for (int delivery = 0; delivery < 2; delivery++) {
            ResponseEntity<Map> ack = network.client("gateway", "cs-141003").post()
                    .uri("/internal/v1/municipalities/131016/messages").contentType(MediaType.APPLICATION_JSON)
                    .body(batch).retrieve().toEntity(Map.class);
            assertThat(ack.getStatusCode()).as("%s", ack.getBody()).isEqualTo(HttpStatus.OK);
            assertThat(ack.getBody()).containsEntry("source", "cs-141003").containsEntry("upToSequence", 1);
        }
        assertThat((List<Map<String, Object>>) clerks.moves("131016", stranger).get("anomalies")).singleElement()
                .satisfies(anomaly -> assertThat(anomaly).containsEntry("moveId", moveId.toString())
                        .containsEntry("counterpart", "141003").containsEntry("kind", "MOVE_IN_NOTIFICATION_FOR_UNKNOWN_MOVE"));
        assertThat(clerks.record("cs-131016", stranger)).isNull();
        assertThat(clerks.count("cs-131016", "SELECT count(*) FROM resident_history")).isEqualTo(history);
        assertThat(clerks.count("cs-131016", "SELECT count(*) FROM notice_outbox")).isEqualTo(notices);
    }

    @Test
    void anOrdinaryMoveOutGivesAPaperCertificateThatBChecksAgainstJLisBeforeTheMoveIn() throws Exception {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        awaitAtNational(code, "131016");
        String planned = Clerks.daysFromToday(3);
        long messagesToB = pendingOrSent("cs-131016", "cs-271004");

        // J-LIS does not have A's removal yet (A's prefecture is down): B answers 409 and asks for a retry
        network.stop("pref-13");
        String moveId;
        Map<String, Object> paper;
        Map<String, Long> atB = countsAt("cs-271004");
        try {
            Map<String, Object> out = created(clerks.ordinaryMoveOut("131016", code, "271004", planned));
            assertThat(out).containsEntry("status", "REMOVED");
            moveId = moveId(out);
            assertThat((Map<String, Object>) out.get("move")).containsEntry("cardBased", false);
            // an ordinary 転出届 sends B nothing
            assertThat(pendingOrSent("cs-131016", "cs-271004")).isEqualTo(messagesToB);

            // A's clerk prints the 転出証明書: its contents as JSON, and as a PDF in Japanese carrying them machine-readably
            ResponseEntity<Map> json = clerks.certificate("131016", moveId);
            assertThat(json.getStatusCode()).as("%s", json.getBody()).isEqualTo(HttpStatus.OK);
            paper = json.getBody();
            assertThat(paper).containsEntry("moveId", moveId).containsEntry("origin", "131016")
                    .containsEntry("destination", "271004").containsEntry("residentCode", code)
                    .containsEntry("myNumber", person.get("myNumber")).containsEntry("plannedDate", planned)
                    .containsEntry("newAddress", Map.of("text", Clerks.ADDRESSES.get("271004")));
            assertThat(contentsOfPdf("131016", moveId)).isEqualTo(paper);

            ResponseEntity<Map> tooEarly = clerks.moveInOnPaper("271004", code, Clerks.today(), paper);
            refused(tooEarly, HttpStatus.CONFLICT, "moveOutCertificate");
            assertThat((String) tooEarly.getBody().get("detail")).contains("retry");
            assertThat(countsAt("cs-271004")).isEqualTo(atB);
        } finally {
            network.start("pref-13");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED").containsEntry("effective", planned).containsEntry("moved_to", "271004"));
        assertThat(lookup(code)).containsEntry("status", "REMOVED").containsEntry("movedTo", "271004");

        // an altered paper is refused naming the item, and leaves nothing
        Map<String, Object> renamed = new java.util.HashMap<>(paper);
        Map<String, Object> name = new java.util.HashMap<>((Map<String, Object>) paper.get("name"));
        name.put("given", "偽子");
        renamed.put("name", name);
        refused(clerks.moveInOnPaper("271004", code, Clerks.today(), renamed), HttpStatus.BAD_REQUEST,
                "moveOutCertificate.name");
        Map<String, Object> redated = new java.util.HashMap<>(paper);
        redated.put("plannedDate", Clerks.daysFromToday(1));
        refused(clerks.moveInOnPaper("271004", code, Clerks.today(), redated), HttpStatus.BAD_REQUEST,
                "moveOutCertificate.plannedDate");
        Map<String, Object> otherNumber = new java.util.HashMap<>(paper);
        otherNumber.put("myNumber", jp.jukinet.model.code.MyNumber.random(new java.util.Random(7)).value());
        refused(clerks.moveInOnPaper("271004", code, Clerks.today(), otherNumber), HttpStatus.BAD_REQUEST,
                "moveOutCertificate");
        // a paper for B presented at another municipality is not theirs to use
        refused(clerks.moveInOnPaper("272035", code, Clerks.today(), paper), HttpStatus.BAD_REQUEST,
                "moveOutCertificate.destination");
        assertThat(countsAt("cs-271004")).isEqualTo(atB);

        // the paper as printed completes the move: B registers the person and sends the 転入通知 to A
        String movedOn = Clerks.today();
        Map<String, Object> in = created(clerks.moveInOnPaper("271004", code, movedOn, paper));
        assertThat(in).containsEntry("residentCode", code).containsEntry("myNumber", person.get("myNumber"))
                .containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
        assertThat((Map<String, Object>) in.get("move")).containsEntry("moveId", moveId).containsEntry("state", "COMPLETED");
        refused(clerks.moveInOnPaper("271004", code, movedOn, paper), HttpStatus.CONFLICT, "residentCode");
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("cs-131016", code))
                .containsEntry("status", "REMOVED").containsEntry("reason", "MOVE_OUT").containsEntry("effective", movedOn)
                .containsEntry("moved_to", "271004"));
        assertThat(clerks.outgoingState("131016", moveId)).isEqualTo("COMPLETED");
        assertThat(clerks.record("cs-271004", code)).containsEntry("residence", 1);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(clerks.record("national", code)).containsEntry("status", "ACTIVE").containsEntry("municipality", "271004");
            assertThat(clerks.reasons("national", code)).containsExactly("MOVE_IN", "MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
            assertThat(clerks.reasons("pref-13", code)).containsExactly("MOVE_IN_FROM_ABROAD", "MOVE_OUT", "MOVE_OUT");
        });
        // a card-based move-out has no paper
        String other = (String) clerks.newResident("131016").get("residentCode");
        refused(clerks.certificate("131016", moveId(created(clerks.moveOut("131016", other, "131130", Clerks.today())))),
                HttpStatus.CONFLICT, "moveId");
    }

    @Test
    void aCancelledOrdinaryMoveOutMakesItsPaperVoidAtTheDestination() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        awaitAtNational(code, "131016");
        String moveId = moveId(created(clerks.ordinaryMoveOut("131016", code, "272035", Clerks.today())));
        Map<String, Object> paper = clerks.certificate("131016", moveId).getBody();
        // nothing was sent to B, so nothing is asked of B: the move-out is cancelled and the record restored at once
        ResponseEntity<Map> cancelled = cancel("131016", moveId);
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "ACTIVE").containsEntry("reason", "MOVE_OUT_CANCELLATION");
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "ACTIVE").containsEntry("reason", "MOVE_OUT_CANCELLATION"));
        refused(clerks.certificate("131016", moveId), HttpStatus.CONFLICT, "moveId");

        ResponseEntity<Map> moveIn = clerks.moveInOnPaper("272035", code, Clerks.today(), paper);
        refused(moveIn, HttpStatus.CONFLICT, "moveOutCertificate");
        assertThat((String) moveIn.getBody().get("detail")).contains("転出取消");
        assertThat(clerks.record("cs-272035", code)).isNull();
    }

    @Test
    void aPaperWithAnAlteredMoveIdStillCompletesTheMoveOutItCameFrom() {
        String code = (String) clerks.newResident("131016").get("residentCode");
        String moveId = moveId(created(clerks.ordinaryMoveOut("131016", code, "131130", Clerks.daysFromToday(1))));
        Map<String, Object> paper = new java.util.HashMap<>(clerks.certificate("131016", moveId).getBody());
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED").containsEntry("moved_to", "131130"));
        // J-LIS's check covers the person and the removal, not A's move id: A finds the move by the person
        paper.put("moveId", UUID.randomUUID().toString());
        created(clerks.moveInOnPaper("131130", code, Clerks.today(), paper));
        await().atMost(WAIT).until(() -> "COMPLETED".equals(clerks.outgoingState("131016", moveId)));
        assertThat(clerks.record("cs-131016", code)).containsEntry("status", "REMOVED").containsEntry("effective", Clerks.today());
        assertThat((List<Map<String, Object>>) clerks.moves("131016", code).get("anomalies")).isEmpty();
    }

    @Test
    void aCsAskingJLisAboutAPersonNotMovingToItIsRefusedAndCounted() {
        Map<String, Object> person = clerks.newResident("131016");
        String code = (String) person.get("residentCode");
        String moveId = moveId(created(clerks.ordinaryMoveOut("131016", code, "271004", Clerks.today())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "REMOVED").containsEntry("moved_to", "271004"));
        Map<String, Object> question = Map.of("residentCode", code, "myNumber", person.get("myNumber"), "origin", "131016");
        MeterRegistry meters = network.bean("national", MeterRegistry.class);
        double before = refusedVerifications(meters);

        // 豊中市's CS, with its real certificate and the paper's every item, asks about a person moving to 大阪市
        ResponseEntity<Map> attack = verification("cs-272035", question);
        refused(attack, HttpStatus.NOT_FOUND, "residentCode");
        assertThat(attack.getBody().toString()).doesNotContain(code).doesNotContain((String) person.get("myNumber"));
        // nor may the origin, or anyone but a CS, ask
        refused(verification("cs-131016", question), HttpStatus.NOT_FOUND, "residentCode");
        assertThat(verification("clerk-271004", question).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refusedVerifications(meters)).isEqualTo(before + 2);

        // the destination is answered J-LIS's record of the removal
        ResponseEntity<Map> answer = verification("cs-271004", question);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) answer.getBody().get("removal")).containsEntry("residentCode", code)
                .containsEntry("status", "REMOVED").containsEntry("movedTo", "271004");
        // the same question with another My Number, even from the destination, is a refusal
        Map<String, Object> guessed = Map.of("residentCode", code, "origin", "131016",
                "myNumber", jp.jukinet.model.code.MyNumber.random(new java.util.Random(11)).value());
        refused(verification("cs-271004", guessed), HttpStatus.NOT_FOUND, "residentCode");
        assertThat(refusedVerifications(meters)).isEqualTo(before + 3);
        assertThat(clerks.outgoingState("131016", moveId)).isEqualTo("PENDING");
    }

    private static ResponseEntity<Map> verification(String caller, Map<String, Object> question) {
        return network.client("gateway", caller).post().uri("/internal/v1/national/move-out-verifications")
                .contentType(MediaType.APPLICATION_JSON).body(question).retrieve().toEntity(Map.class);
    }

    private static double refusedVerifications(MeterRegistry meters) {
        return meters.find("jukinet.moves.verifications.refused").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** The contents the PDF 転出証明書 carries in its printed encoded block (and its attachment), as JSON. */
    private static Map<String, Object> contentsOfPdf(String lg, String moveId) throws Exception {
        ResponseEntity<byte[]> pdf = network.client("gateway", "clerk-" + lg).get()
                .uri("/api/v1/municipalities/" + lg + "/moves/" + moveId + "/certificate")
                .accept(MediaType.APPLICATION_PDF).retrieve().toEntity(byte[].class);
        assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(new String(pdf.getBody(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (com.lowagie.text.pdf.PdfReader reader = new com.lowagie.text.pdf.PdfReader(pdf.getBody())) {
            assertThat(reader.getInfo()).containsEntry("Title", "転出証明書");
            String text = new com.lowagie.text.pdf.parser.PdfTextExtractor(reader).getTextFromPage(1);
            String prefix = "JUKINET-TENSHUTSU-1:";
            assertThat(text).contains(prefix);
            String encoded = text.substring(text.indexOf(prefix) + prefix.length()).replaceAll("[^A-Za-z0-9_-]", "");
            return JukiNetJson.mapper().readValue(java.util.Base64.getUrlDecoder().decode(encoded), Map.class);
        }
    }

    private static Map<String, Long> countsAt(String node) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : List.of("residents", "resident_history", "notice_outbox", "peer_outbox", "incoming_moves")) {
            counts.put(table, clerks.count(node, "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private static long pendingOrSent(String from, String to) {
        return clerks.count(from, "SELECT count(*) FROM peer_outbox WHERE destination = '" + to + "'");
    }

    /** A 30-9 lookup by J-LIS (日本年金機構, 別表第1) of the person, through the gateway. */
    private static Map<String, Object> lookup(String code) {
        ResponseEntity<Map> answer = network.client("gateway", "agency-nenkin").post().uri("/api/v1/national/lookups")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("basis", "nenkin-30-9-same-address", "residentCode", code))
                .retrieve().toEntity(Map.class);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /** A wide-area copy asked at {@code issuer} of the person's record at {@code holder}, by the person. */
    private static ResponseEntity<Map> copy(String issuer, String holder, String code) {
        return network.client("cs-" + issuer).post().uri("/api/v1/municipalities/" + issuer + "/record-copies")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("holder", holder, "residentCode", code, "requester", clerks.requester(code), "include", List.of()))
                .retrieve().toEntity(Map.class);
    }

    private static void notIssuable(ResponseEntity<Map> response) {
        refused(response, HttpStatus.UNPROCESSABLE_CONTENT, null);
        assertThat(response.getBody()).containsEntry("type", "urn:jukinet:problem:not-issuable");
    }

    private static ResponseEntity<Map> cancel(String lg, String moveId) {
        return network.client("cs-" + lg).post().uri("/api/v1/municipalities/" + lg + "/moves/" + moveId + "/cancellation")
                .retrieve().toEntity(Map.class);
    }

    private static String moveId(Map<String, Object> answer) {
        return (String) ((Map<String, Object>) answer.get("move")).get("moveId");
    }

    private static void awaitAtNational(String code, String lg) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(clerks.record("national", code))
                .containsEntry("status", "ACTIVE").containsEntry("municipality", lg));
    }
}
