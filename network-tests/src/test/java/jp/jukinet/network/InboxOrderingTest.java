package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

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
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;

/**
 * The national server's inbox, fed by hand: a notice that arrives before its predecessor is held,
 * not applied and not skipped; a batch delivered again changes nothing; a source the node does not
 * serve is refused.
 */
class InboxOrderingTest {

    private static final NodeId SOURCE = NodeId.of("pref-13");
    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().startAll();
        // the codes fed by hand are 千代田区's: J-LIS takes a new person only under a code allocated to their municipality
        network.database("national").sql("""
                        INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                        VALUES (gen_random_uuid(), gen_random_uuid(), '131016', 1900000001, 1900000002, 2, now())""")
                .update();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void aNoticeAheadOfAGapIsHeldUntilTheGapIsFilledAndADuplicateBatchChangesNothing() {
        ResidentCode code = ResidentCode.fromSerial(1_900_000_001L);
        MyNumber number = MyNumber.fromData(12_345_678_901L);
        ChangeNotice birth = notice(1, identity(code, number, "山田", "東京都千代田区千代田1番1号", ChangeReason.BIRTH));
        ChangeNotice move = notice(2, identity(code, number, "山田", "東京都千代田区永田町1丁目", ChangeReason.MOVE_WITHIN));
        ChangeNotice rename = notice(3, identity(code, number, "佐藤", "東京都千代田区永田町1丁目", ChangeReason.NAME_CHANGE));

        assertThat(send(move, rename).upToSequence()).isZero();
        assertThat(count("residents")).isZero();
        assertThat(count("held_notices")).isEqualTo(2);

        assertThat(send(birth).upToSequence()).isEqualTo(3);
        assertThat(count("held_notices")).isZero();
        assertThat(network.database("national").sql("SELECT reason FROM resident_history ORDER BY source_sequence")
                .query(String.class).list()).containsExactly("BIRTH", "MOVE_WITHIN", "NAME_CHANGE");
        Map<String, Object> current = network.database("national")
                .sql("SELECT identity->'name'->>'family' AS family, identity->'address'->>'text' AS address, last_change_id "
                        + "FROM residents WHERE resident_code = :code")
                .param("code", code.value()).query().singleRow();
        assertThat(current).containsEntry("family", "佐藤").containsEntry("address", "東京都千代田区永田町1丁目")
                .containsEntry("last_change_id", rename.changeId());

        assertThat(send(birth, move, rename).upToSequence()).isEqualTo(3);
        assertThat(count("resident_history")).isEqualTo(3);
    }

    @Test
    void aSourceTheNodeDoesNotServeIsRefused() {
        ChangeNotice fromCs = ChangeNotice.of(UUID.randomUUID(), NodeId.of("cs-131016"), 1, Instant.now(),
                identity(ResidentCode.fromSerial(1_900_000_002L), MyNumber.fromData(12_345_678_902L), "田中",
                        "東京都千代田区", ChangeReason.BIRTH));
        ResponseEntity<Map> response = network.client("national").post().uri("/internal/v1/notices")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ChangeNoticeBatch(fromCs.source(), List.of(fromCs))).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static Acknowledgement send(ChangeNotice... notices) {
        return network.client("national").post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON)
                .body(new ChangeNoticeBatch(SOURCE, List.of(notices))).retrieve().body(Acknowledgement.class);
    }

    private static long count(String table) {
        return network.database("national").sql("SELECT count(*) FROM " + table + " WHERE true").query(Long.class).single();
    }

    private static ChangeNotice notice(long sequence, IdentityInformation identity) {
        return ChangeNotice.of(UUID.randomUUID(), SOURCE, sequence, Instant.now(), identity);
    }

    private static IdentityInformation identity(ResidentCode code, MyNumber number, String family, String address,
                                                ChangeReason reason) {
        LocalDate day = LocalDate.of(2026, 11, 20);
        return new IdentityInformation(code, number, PersonName.of(family, "花子", "ヤマダ", "ハナコ"), day, Sex.FEMALE,
                new Address(address), CHIYODA, ResidentStatus.ACTIVE, new ChangeInformation(reason, day, day));
    }
}
