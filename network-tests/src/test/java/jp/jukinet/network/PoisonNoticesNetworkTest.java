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
import jp.jukinet.testsupport.TestPki;

/**
 * A poison notice at J-LIS (issue #15), over mutual TLS through the gateway as prefecture 13 sends
 * its stream: a constraint of J-LIS's register refuses one resident's notice for good (the test
 * adds a CHECK that the resident's code breaks). The notice is parked as REFUSED, its batch and the
 * prefecture's next batches apply for the other residents, a later notice about the same resident
 * waits behind it; the operator ({@code operator-local}, directly) lists it and, after the cause is
 * removed, releases it: applied once, the waiting one follows. No one else reaches the operator API.
 */
class PoisonNoticesNetworkTest {

    private static final NodeId SOURCE = NodeId.of("pref-13");
    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    private static final String OPERATOR = "operator-local";
    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().national().startAll();
        network.database("national").sql("""
                        INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                        VALUES (gen_random_uuid(), gen_random_uuid(), '131016', 1910000001, 1910000009, 9, now())""")
                .update();
        TestPki.certificate(OPERATOR);
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void aPoisonNoticeIsParkedTheStreamGoesOnAndTheOperatorReleasesItOnce() {
        IdentityInformation first = person(1, "佐藤");
        IdentityInformation poisoned = person(2, "山田");
        IdentityInformation third = person(3, "鈴木");
        network.database("national").sql("ALTER TABLE residents ADD CONSTRAINT refused_in_test CHECK (resident_code <> '"
                + poisoned.residentCode().value() + "')").update();

        assertThat(send(notice(1, first), notice(2, poisoned), notice(3, third)).upToSequence()).isEqualTo(3);
        assertThat(residents(first, poisoned, third)).containsExactly(first.residentCode().value(),
                third.residentCode().value());

        IdentityInformation renamed = renamed(poisoned);
        IdentityInformation fourth = person(4, "高橋");
        assertThat(send(notice(4, renamed), notice(5, fourth)).upToSequence()).isEqualTo(5);
        assertThat(residents(poisoned, fourth)).containsExactly(fourth.residentCode().value());

        // the operator sees both, why, and the problem without personal data
        Map<?, ?> listed = network.client("national", OPERATOR).get().uri("/actuator/parkednotices").retrieve()
                .body(Map.class);
        assertThat(listed.get("count")).isEqualTo(2);
        assertThat((List<Map<String, Object>>) listed.get("parked")).extracting(entry -> entry.get("reason"))
                .containsExactly("REFUSED", "BEHIND_PARKED");
        Map<String, Object> refused = ((List<Map<String, Object>>) listed.get("parked")).get(0);
        assertThat(refused).containsEntry("source", "pref-13").containsEntry("sequence", 2)
                .containsEntry("residentCode", poisoned.residentCode().value()).containsEntry("change", "BIRTH");
        assertThat((String) refused.get("problem")).contains("23514").doesNotContain(poisoned.residentCode().value());
        assertThat(listed.toString()).doesNotContain("山田").doesNotContain(poisoned.myNumber().value());
        String metric = network.client("national", OPERATOR).get()
                .uri("/actuator/metrics/jukinet.notices.parked?tag=reason:REFUSED").retrieve().body(String.class);
        assertThat(metric).contains("\"value\":1.0");

        // nobody but an operator, on a direct connection, reaches the operator API
        for (String other : List.of("pref-13", "agency-nenkin", "clerk-131016", "gateway")) {
            assertThat(network.client("national", other).post().uri("/actuator/parkednotices/pref-13/2").retrieve()
                    .toEntity(Map.class).getStatusCode()).as(other).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(TestPki.throughGateway(network.baseUrl("national"), OPERATOR).delete()
                .uri("/actuator/parkednotices/pref-13/2").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(count("parked_notices")).isEqualTo(2);

        // the cause removed, the operator releases it: applied once, the rename that waited follows
        network.database("national").sql("ALTER TABLE residents DROP CONSTRAINT refused_in_test").update();
        ResponseEntity<Map> released = network.client("national", OPERATOR).post()
                .uri("/actuator/parkednotices/pref-13/2").retrieve().toEntity(Map.class);
        assertThat(released.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(released.getBody()).containsEntry("outcome", "APPLIED");
        assertThat(count("parked_notices")).isZero();
        assertThat(network.database("national").sql(
                        "SELECT reason FROM resident_history WHERE resident_code = :code ORDER BY source_sequence")
                .param("code", poisoned.residentCode().value()).query(String.class).list())
                .containsExactly("BIRTH", "NAME_CHANGE");

        // the stream goes on as before
        IdentityInformation fifth = person(5, "田中");
        assertThat(send(notice(6, fifth)).upToSequence()).isEqualTo(6);
        assertThat(residents(fifth)).containsExactly(fifth.residentCode().value());
    }

    private static Acknowledgement send(ChangeNotice... notices) {
        return network.client("national").post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON)
                .body(new ChangeNoticeBatch(SOURCE, List.of(notices))).retrieve().body(Acknowledgement.class);
    }

    private static List<String> residents(IdentityInformation... people) {
        return network.database("national").sql(
                        "SELECT resident_code FROM residents WHERE resident_code = ANY(CAST(:codes AS text[])) ORDER BY resident_code")
                .param("codes", java.util.Arrays.stream(people).map(p -> p.residentCode().value()).toArray(String[]::new))
                .query(String.class).list();
    }

    private static long count(String table) {
        return network.database("national").sql("SELECT count(*) FROM " + table + " WHERE true").query(Long.class).single();
    }

    private static ChangeNotice notice(long sequence, IdentityInformation identity) {
        return ChangeNotice.of(UUID.randomUUID(), SOURCE, sequence, Instant.now(), identity);
    }

    private static IdentityInformation person(int n, String family) {
        LocalDate day = LocalDate.of(2026, 11, 20);
        return new IdentityInformation(ResidentCode.fromSerial(1_910_000_000L + n), MyNumber.fromData(22_345_678_900L + n),
                PersonName.of(family, "花子", "ヤマダ", "ハナコ"), day, Sex.FEMALE, new Address("東京都千代田区千代田1番1号"),
                CHIYODA, ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, day, day));
    }

    private static IdentityInformation renamed(IdentityInformation person) {
        LocalDate day = LocalDate.of(2026, 11, 21);
        return new IdentityInformation(person.residentCode(), person.myNumber(), PersonName.of("山田", "春子", "ヤマダ", "ハルコ"),
                person.dateOfBirth(), person.sex(), person.address(), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.NAME_CHANGE, day, day), 0);
    }
}
