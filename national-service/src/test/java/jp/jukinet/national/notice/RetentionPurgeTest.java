package jp.jukinet.national.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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
import jp.jukinet.service.notice.NoticeInbox;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.operator.RetentionPurgeEndpoint;
import jp.jukinet.service.register.RetentionPurge;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Records are kept for 150 years from the day J-LIS received the notice (通知を受けた日から起算して
 * 150年), whatever 届出年月日 they carry, and purged on the day after, by the clock the job is given.
 */
@ServiceIntegrationTest
class RetentionPurgeTest {

    @Autowired
    NoticeInbox inbox;

    @Autowired
    ResidentRegister register;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void aChangeNotifiedLongAgoButReceivedTodayIsKeptFromTheDayReceived() {
        ResidentCode old = ResidentCode.fromSerial(1_800_000_001L);
        // J-LIS takes a new person only from the municipality their code was allocated to
        jdbc.sql("""
                        INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                        VALUES (gen_random_uuid(), gen_random_uuid(), '271004', 1800000001, 1800000001, 1, now())""")
                .update();
        inbox.receive(new ChangeNoticeBatch(NodeId.of("pref-27"), List.of(
                notice(1, old, MyNumber.fromData(11_111_111_111L), LocalDate.of(1870, 4, 1)))));
        LocalDate received = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        assertThat(jdbc.sql("SELECT received_on FROM resident_history WHERE resident_code = :code")
                .param("code", old.value()).query(LocalDate.class).single()).isEqualTo(received);
        assertThat(jdbc.sql("SELECT retention_until FROM resident_history WHERE resident_code = :code")
                .param("code", old.value()).query(LocalDate.class).single()).isEqualTo(received.plusYears(150));

        // 1870 + 150 years has long passed, but the notice was received today: kept
        // (the purges count other tests' rows too: the database is shared, so the person is looked at)
        purgeOn(received.plusDays(1));
        assertThat(register.find(old)).isPresent();
        purgeOn(received.plusYears(150)); // the last day of the 150 years still keeps it
        assertThat(register.find(old)).isPresent();
        assertThat(register.history(old)).hasSize(1);
        purgeOn(received.plusYears(150).plusDays(1));
        assertThat(register.find(old)).isEmpty();
        assertThat(register.history(old)).isEmpty();
    }

    @Test
    void aChangeReceived150YearsAndOneDayAgoIsPurgedAndOneReceived150YearsAgoIsKept() {
        LocalDate today = LocalDate.of(2026, 12, 2);
        ResidentCode expired = ResidentCode.fromSerial(1_800_000_011L);
        ResidentCode lastDay = ResidentCode.fromSerial(1_800_000_012L);
        // both notified recently (a 届出年月日 that alone would keep them), received long ago
        transactions.executeWithoutResult(status -> register.record(List.of(
                receivedOn(today.minusYears(150).minusDays(1), expired, MyNumber.fromData(33_333_333_333L)),
                receivedOn(today.minusYears(150), lastDay, MyNumber.fromData(44_444_444_444L)))));
        assertThat(jdbc.sql("SELECT received_on FROM resident_history WHERE resident_code = :code")
                .param("code", expired.value()).query(LocalDate.class).single())
                .isEqualTo(today.minusYears(150).minusDays(1));

        purgeOn(today);
        assertThat(register.find(expired)).isEmpty();
        assertThat(register.history(expired)).isEmpty();
        assertThat(register.find(lastDay)).isPresent();
        assertThat(register.history(lastDay)).hasSize(1);
    }

    /** The log of a notice received (kept for a sender restored from a backup) goes with the change it carried. */
    @Test
    void theLogOfANoticeReceivedIsPurgedByTheSameRule() {
        LocalDate today = LocalDate.of(2026, 12, 2);
        Instant expired = today.minusYears(150).minusDays(1).atTime(23, 59).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
        Instant lastDay = today.minusYears(150).atStartOfDay(ZoneId.of("Asia/Tokyo")).toInstant();
        for (Object[] row : List.of(new Object[] {900_001L, expired}, new Object[] {900_002L, lastDay})) {
            jdbc.sql("""
                            INSERT INTO inbox_log (source, sequence, change_id, payload, received_at)
                            VALUES ('pref-99', :sequence, gen_random_uuid(), '{}', :at)""")
                    .param("sequence", row[0]).param("at", java.sql.Timestamp.from((Instant) row[1])).update();
        }

        purgeOn(today);

        assertThat(jdbc.sql("SELECT sequence FROM inbox_log WHERE source = 'pref-99'").query(Long.class).list())
                .containsExactly(900_002L);
    }

    /** The operator's {@code POST /actuator/retentionpurge} (what {@code ./jukinet admin purge} calls) runs this same purge now. */
    @Test
    void theOperatorsEndpointRunsThePurgeNowAndSaysHowManyRowsWent() {
        assertThat(context.getBeansOfType(RetentionPurgeEndpoint.class)).as("J-LIS serves it").hasSize(1);
        LocalDate today = LocalDate.of(2026, 12, 3);
        ResidentCode expired = ResidentCode.fromSerial(1_800_000_021L);
        transactions.executeWithoutResult(status -> register.record(List.of(
                receivedOn(today.minusYears(150).minusDays(1), expired, MyNumber.fromData(55_555_555_555L)))));
        Clock clock = Clock.fixed(today.atStartOfDay().toInstant(ZoneOffset.ofHours(9)).plusSeconds(3600), ZoneOffset.ofHours(9));

        java.util.Map<String, Object> answer = new RetentionPurgeEndpoint(new RetentionPurge(register, transactions, clock), clock).run();

        // its current record and its history row at least (the database is shared with the other tests)
        assertThat((Integer) answer.get("removed")).isGreaterThanOrEqualTo(2);
        assertThat(answer.get("ranAt")).isEqualTo(clock.instant());
        assertThat(register.find(expired)).isEmpty();
    }

    /** A change as J-LIS records it on {@code day} (at 08:00 in Japan), with a 届出年月日 of 2026-11-20. */
    private static RecordedChange receivedOn(LocalDate day, ResidentCode code, MyNumber number) {
        Instant at = day.atTime(8, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
        return new RecordedChange(UUID.randomUUID(), NodeId.of("pref-27"), null, at,
                notice(1, code, number, LocalDate.of(2026, 11, 20)).identity(), null, null);
    }

    private int purgeOn(LocalDate day) {
        Clock clock = Clock.fixed(day.atStartOfDay().toInstant(ZoneOffset.ofHours(9)).plusSeconds(3600), ZoneOffset.ofHours(9));
        return new RetentionPurge(register, inbox, transactions, clock).run();
    }

    private static ChangeNotice notice(long sequence, ResidentCode code, MyNumber number, LocalDate notified) {
        IdentityInformation identity = new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                notified.minusYears(30), Sex.FEMALE, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                LocalGovernmentCode.of("271004"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.MOVE_WITHIN, notified, notified));
        return ChangeNotice.of(UUID.randomUUID(), NodeId.of("pref-27"), sequence, Instant.now(), identity);
    }
}
