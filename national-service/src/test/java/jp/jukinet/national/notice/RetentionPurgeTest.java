package jp.jukinet.national.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.register.RetentionPurge;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/** Records are kept for 150 years from the notified date and purged on the day after, by the clock the job is given. */
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

    @Test
    void purgesExactlyWhatHasPassedItsRetentionEnd() {
        ResidentCode old = ResidentCode.fromSerial(1_800_000_001L);
        ResidentCode recent = ResidentCode.fromSerial(1_800_000_002L);
        // J-LIS takes a new person only from the municipality their code was allocated to
        jdbc.sql("""
                        INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                        VALUES (gen_random_uuid(), gen_random_uuid(), '271004', 1800000001, 1800000002, 2, now())""")
                .update();
        inbox.receive(new ChangeNoticeBatch(NodeId.of("pref-27"), List.of(
                notice(1, old, MyNumber.fromData(11_111_111_111L), LocalDate.of(1870, 4, 1)),
                notice(2, recent, MyNumber.fromData(22_222_222_222L), LocalDate.of(2026, 11, 20)))));
        assertThat(jdbc.sql("SELECT retention_until FROM resident_history WHERE resident_code = :code")
                .param("code", recent.value()).query(LocalDate.class).single()).isEqualTo(LocalDate.of(2176, 11, 20));

        assertThat(purgeOn(LocalDate.of(2020, 4, 1))).isZero(); // the last day of the 150 years still keeps it
        assertThat(purgeOn(LocalDate.of(2026, 11, 26))).isEqualTo(2);
        assertThat(register.find(old)).isEmpty();
        assertThat(register.find(recent)).isPresent();
        assertThat(register.history(recent)).hasSize(1);

        assertThat(purgeOn(LocalDate.of(2176, 11, 21))).isEqualTo(2);
        assertThat(register.find(recent)).isEmpty();
    }

    private int purgeOn(LocalDate day) {
        Clock clock = Clock.fixed(day.atStartOfDay().toInstant(ZoneOffset.ofHours(9)).plusSeconds(3600), ZoneOffset.ofHours(9));
        return new RetentionPurge(register, transactions, clock).run();
    }

    private static ChangeNotice notice(long sequence, ResidentCode code, MyNumber number, LocalDate notified) {
        IdentityInformation identity = new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                notified.minusYears(30), Sex.FEMALE, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                LocalGovernmentCode.of("271004"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.MOVE_WITHIN, notified, notified));
        return ChangeNotice.of(UUID.randomUUID(), NodeId.of("pref-27"), sequence, Instant.now(), identity);
    }
}
