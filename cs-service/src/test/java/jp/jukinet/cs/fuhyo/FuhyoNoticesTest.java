package jp.jukinet.cs.fuhyo;

import static jp.jukinet.cs.Clerk.arrival;
import static jp.jukinet.cs.Clerk.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.cs.Clerk;
import jp.jukinet.cs.FakeNumbering;
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
import jp.jukinet.testsupport.ServiceIntegrationTest;
import tools.jackson.core.type.TypeReference;

/**
 * The 附票 notice at one CS (千代田区, 131016): written in the registration's transaction to the
 * 本籍地's stream, or into this CS's own 附票 when the 本籍 is here; never for a person without a 本籍;
 * the 本籍 nowhere but in its table and that notice. As the 本籍地, the CS refuses and records a notice
 * that is not its own or not its sender's, and goes on with the stream.
 */
@ServiceIntegrationTest
@Import(FakeNumbering.class)
@TestPropertySource(properties = "jukinet.outbox.uplink=http://127.0.0.1:9")
class FuhyoNoticesTest {

    private static final String OSAKA_DOMICILE = "大阪府大阪市北区中之島一丁目3番";
    private static final String CHIYODA_DOMICILE = "東京都千代田区千代田一番";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    Clerk clerk;

    @BeforeEach
    void clerk() {
        clerk = new Clerk(port);
    }

    @Test
    void aNewRecordWithADomicileElsewhereQueuesOneNoticeToItsDomicileAndTheDomicileGoesNowhereElse() {
        String code = clerk.registered(arrival(Clerk.ADDRESS, Map.of("domicile",
                Map.of("municipality", "271004", "text", OSAKA_DOMICILE, "head", "山田 太郎"))));

        List<Map<String, Object>> queued = jdbc.sql("""
                        SELECT destination, payload::text AS payload FROM peer_outbox
                        WHERE payload->>'type' = 'FUHYO_NOTICE' AND payload->>'residentCode' = :code""")
                .param("code", code).query().listOfRows();
        assertThat(queued).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("destination", "cs-271004");
            assertThat((String) row.get("payload")).contains(OSAKA_DOMICILE).contains("MOVE_IN_FROM_ABROAD");
        });
        assertThat(jdbc.sql("SELECT count(*) FROM residents WHERE identity::text LIKE '%中之島一丁目%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM resident_history WHERE identity::text LIKE '%中之島一丁目%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM notice_outbox WHERE identity::text LIKE '%中之島一丁目%'")
                .query(Long.class).single()).isZero();
        assertThat(clerk.get("/residents/" + code).getBody().toString()).doesNotContain("中之島一丁目");
    }

    @Test
    void aDomicileHereIsWrittenHereWithoutTheNetworkAndAMoveWithinOrACorrectionAddsAnAddress() {
        String code = clerk.registered(arrival(Clerk.ADDRESS, Map.of("domicile",
                Map.of("municipality", "131016", "text", CHIYODA_DOMICILE))));
        ResponseEntity<Map> moved = clerk.notify(Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-25",
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号"))));
        assertThat(moved.getStatusCode()).as("%s", moved.getBody()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<Map> corrected = clerk.notify(Map.of("type", "CORRECTION", "effectiveDate", "2026-11-26",
                "residentCode", code, "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番2号"))));
        assertThat(corrected.getStatusCode()).as("%s", corrected.getBody()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<Map> fuhyo = clerk.get("/fuhyo/" + code);
        assertThat(fuhyo.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) fuhyo.getBody().get("entries"))
                .extracting(entry -> entry.get("residence") + "/" + entry.get("address") + "/" + entry.get("addressSince")
                        + "/" + entry.get("event"))
                .containsExactly("131016/" + Clerk.ADDRESS + "/2026-11-20/MOVE_IN_FROM_ABROAD",
                        "131016/東京都千代田区永田町1丁目7番1号/2026-11-25/MOVE_WITHIN",
                        "131016/東京都千代田区永田町1丁目7番2号/2026-11-25/EX_OFFICIO_CORRECTION");
        assertThat(jdbc.sql("SELECT count(*) FROM peer_outbox WHERE payload->>'residentCode' = :code")
                .param("code", code).query(Long.class).single()).isZero();
    }

    @Test
    void aPersonWithoutADomicileProducesNoNoticeAndAChangeOfDomicileStartsAFuhyoThere() {
        String foreigner = clerk.registered(arrival(Clerk.ADDRESS, Map.of()));
        clerk.notify(Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-25", "residentCode", foreigner,
                "person", Map.of("address", Map.of("text", "東京都千代田区永田町1丁目7番1号"))));
        assertThat(jdbc.sql("SELECT count(*) FROM peer_outbox WHERE payload->>'residentCode' = :code")
                .param("code", foreigner).query(Long.class).single()).isZero();
        refused(clerk.get("/fuhyo/" + foreigner), HttpStatus.NOT_FOUND, "residentCode");

        String national = clerk.registered(arrival(Clerk.ADDRESS, Map.of("domicile",
                Map.of("municipality", "131016", "text", CHIYODA_DOMICILE))));
        ResponseEntity<Map> changed = clerk.notify(Map.of("type", "DOMICILE_CHANGE", "effectiveDate", "2026-11-25",
                "residentCode", national, "domicile", Map.of("municipality", "271004", "text", OSAKA_DOMICILE)));
        assertThat(changed.getStatusCode()).as("%s", changed.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(jdbc.sql("""
                        SELECT payload->>'event' || '/' || (payload->>'addressSince') FROM peer_outbox
                        WHERE destination = 'cs-271004' AND payload->>'residentCode' = :code""")
                .param("code", national).query(String.class).list()).containsExactly("DOMICILE_CHANGE/2026-11-20");
        assertThat(jdbc.sql("SELECT count(*) FROM resident_history WHERE resident_code = :code")
                .param("code", national).query(Long.class).single()).as("nothing changes in the register").isOne();
    }

    @Test
    void aDomicileGoesOnlyWithTheNotificationsThatEnterIt() {
        String code = clerk.registered(arrival(Clerk.ADDRESS, Map.of()));
        refused(clerk.notify(Map.of("type", "DOMICILE_CHANGE", "effectiveDate", "2026-11-25", "residentCode", code)),
                HttpStatus.BAD_REQUEST, "domicile");
        refused(clerk.notify(Map.of("type", "DEATH", "effectiveDate", "2026-11-25", "residentCode", code,
                "domicile", Map.of("municipality", "271004", "text", OSAKA_DOMICILE))), HttpStatus.BAD_REQUEST, "domicile");
        refused(clerk.notify(arrival(Clerk.ADDRESS, Map.of("domicile", Map.of("municipality", "270008",
                "text", OSAKA_DOMICILE)))), HttpStatus.BAD_REQUEST, "domicile.municipality");
        refused(clerk.notify(arrival(Clerk.ADDRESS, Map.of("domicile", Map.of("municipality", "271004")))),
                HttpStatus.BAD_REQUEST, "domicile.text");
    }

    @Test
    void asTheDomicileItRefusesAndRecordsANoticeNotItsOwnOrNotItsSendersAndGoesOn() {
        ResidentCode person = ResidentCode.random(new java.util.Random());
        double before = refusedCount();
        // 渋谷区 sends three notices: one for 大阪市's 附票, one in 大阪市's name, then a real one of its own
        ResponseEntity<Map> ack = send("cs-131130", 1, notice(person, "131130", "271004"));
        assertThat(ack.getStatusCode()).as("%s", ack.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(send("cs-131130", 2, notice(person, "271004", "131016")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(send("cs-131130", 3, notice(person, "131130", "131016")).getBody()).containsEntry("upToSequence", 3);

        ResponseEntity<List> refusals = clerk.as("clerk-131016").get().uri("/api/v1/municipalities/131016/fuhyo-refusals")
                .retrieve().toEntity(List.class);
        assertThat((List<Map<String, Object>>) refusals.getBody())
                .extracting(refusal -> refusal.get("source") + "/" + refusal.get("reason"))
                .containsExactly("cs-131130/SENDER_NOT_SOURCE", "cs-131130/NOT_THE_DOMICILE");
        assertThat(refusedCount() - before).isEqualTo(2);
        assertThat((List<Map<String, Object>>) clerk.get("/fuhyo/" + person.value()).getBody().get("entries"))
                .singleElement().satisfies(entry -> assertThat(entry).containsEntry("residence", "131130"));

        // a 転居 from a municipality the 附票 does not show as the residence is refused too
        assertThat(send("cs-271004", 1, new FuhyoNotice(UUID.randomUUID(), LocalGovernmentCode.of("271004"),
                domicile("131016"), person, NAME, BORN, Sex.FEMALE, new Address("大阪府大阪市北区1番"), BORN.plusYears(30),
                FuhyoNotice.Event.MOVE_WITHIN)).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) clerk.as("clerk-131016").get()
                .uri("/api/v1/municipalities/131016/fuhyo-refusals").retrieve().toEntity(List.class).getBody())
                .first().satisfies(refusal -> assertThat(refusal).containsEntry("reason", "NOT_THE_RESIDENCE"));
    }

    private static final PersonName NAME = PersonName.of("山田", "花子", "ヤマダ", "ハナコ");
    private static final LocalDate BORN = LocalDate.of(1980, 1, 1);

    private static PermanentDomicile domicile(String municipality) {
        return new PermanentDomicile(LocalGovernmentCode.of(municipality), CHIYODA_DOMICILE, null);
    }

    private static FuhyoNotice notice(ResidentCode person, String residence, String domicile) {
        return new FuhyoNotice(UUID.randomUUID(), LocalGovernmentCode.of(residence), domicile(domicile), person, NAME,
                BORN, Sex.FEMALE, new Address("東京都渋谷区宇田川町1番1号"), BORN.plusYears(20), FuhyoNotice.Event.MOVE_IN);
    }

    private ResponseEntity<Map> send(String caller, long sequence, FuhyoNotice notice) {
        String batch = JukiNetJson.mapper().writerFor(new TypeReference<PeerBatch<MoveMessage>>() { })
                .writeValueAsString(new PeerBatch<MoveMessage>(NodeId.of(caller), NodeId.of("cs-131016"),
                        List.of(new PeerMessage<>(sequence, UUID.randomUUID(), notice))));
        return clerk.as(caller).post().uri("/internal/v1/municipalities/131016/messages")
                .contentType(MediaType.APPLICATION_JSON).body(batch).retrieve().toEntity(Map.class);
    }

    private double refusedCount() {
        return meters.find("jukinet.fuhyo.refused").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
