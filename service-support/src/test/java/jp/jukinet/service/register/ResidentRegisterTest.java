package jp.jukinet.service.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

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
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The register keeps a person's newest residence current whatever order the two ends of a move
 * (and a change of resident code after it) arrive in from their two sources, against real PostgreSQL.
 */
class ResidentRegisterTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final ResidentCode CODE = ResidentCode.fromSerial(1_000_000_001L);
    static final ResidentCode NEW_CODE = ResidentCode.fromSerial(1_000_000_002L);
    static final MyNumber NUMBER = MyNumber.of("123456789018");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final NodeId PREF_13 = NodeId.of("pref-13");
    static final NodeId PREF_27 = NodeId.of("pref-27");

    private ResidentRegister register;
    private JdbcTemplate jdbc;
    private long sequence;

    @BeforeEach
    void freshDatabase() throws Exception {
        TestDatabase database = TestPostgres.createDatabase("register");
        database.migrate("classpath:db/register");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
        register = new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150)));
    }

    static final IdentityInformation AT_CHIYODA = new IdentityInformation(CODE, NUMBER,
            PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
            new Address("東京都千代田区千代田1番1号"), CHIYODA, ResidentStatus.ACTIVE,
            new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    static final IdentityInformation REMOVED_AT_CHIYODA = new IdentityInformation(CODE, NUMBER, AT_CHIYODA.name(),
            AT_CHIYODA.dateOfBirth(), AT_CHIYODA.sex(), AT_CHIYODA.address(), CHIYODA, ResidentStatus.REMOVED,
            new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY), 0);
    static final IdentityInformation AT_OSAKA = AT_CHIYODA.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
            new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));

    @Test
    void theNewResidenceStaysCurrentWhicheverEndOfTheMoveArrivesFirst() {
        record(PREF_13, AT_CHIYODA);
        record(PREF_27, AT_OSAKA);
        record(PREF_13, REMOVED_AT_CHIYODA);
        assertThat(current()).isEqualTo(AT_OSAKA);

        freshPerson();
        record(PREF_13, AT_CHIYODA);
        record(PREF_13, REMOVED_AT_CHIYODA);
        assertThat(current().status()).isEqualTo(ResidentStatus.REMOVED);
        record(PREF_27, AT_OSAKA);
        assertThat(current()).isEqualTo(AT_OSAKA);
        assertThat(register.history(CODE)).hasSize(3);
    }

    @Test
    void withinOneBatchTheNewestResidenceWinsToo() {
        register.record(List.of(change(PREF_13, AT_CHIYODA), change(PREF_27, AT_OSAKA), change(PREF_13, REMOVED_AT_CHIYODA)));
        assertThat(current()).isEqualTo(AT_OSAKA);
    }

    @Test
    void aLateChangeUnderARetiredCodeGoesToTheHistoryOnly() {
        record(PREF_13, AT_CHIYODA);
        record(PREF_27, AT_OSAKA);
        IdentityInformation recoded = new IdentityInformation(NEW_CODE, NUMBER, AT_OSAKA.name(), AT_OSAKA.dateOfBirth(),
                AT_OSAKA.sex(), AT_OSAKA.address(), OSAKA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, DAY, DAY), 1);
        register.record(List.of(new RecordedChange(UUID.randomUUID(), PREF_27, ++sequence, Instant.now(), recoded, CODE, null)));
        // the old municipality's 転出 under the old code arrives last
        record(PREF_13, REMOVED_AT_CHIYODA);
        assertThat(register.find(NEW_CODE)).contains(recoded);
        assertThat(register.find(CODE)).contains(recoded);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM residents", Long.class)).isOne();
        assertThat(register.history(NEW_CODE)).hasSize(4);
    }

    @Test
    void aLateChangeOfCodeFindsTheNewerResidenceAlreadyUnderTheNewCode() {
        record(PREF_13, AT_CHIYODA);
        // at the old municipality: a change of code, then the move out under the new code
        IdentityInformation recoded = new IdentityInformation(NEW_CODE, NUMBER, AT_CHIYODA.name(), AT_CHIYODA.dateOfBirth(),
                AT_CHIYODA.sex(), AT_CHIYODA.address(), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, DAY, DAY), 0);
        IdentityInformation atOsaka = recoded.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
        // the new municipality's 転入 arrives before the old one's change of code
        record(PREF_27, atOsaka);
        register.record(List.of(new RecordedChange(UUID.randomUUID(), PREF_13, ++sequence, Instant.now(), recoded, CODE, null)));
        assertThat(register.find(NEW_CODE)).contains(atOsaka);
        assertThat(register.find(CODE)).contains(atOsaka);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM residents", Long.class)).isOne();
    }

    private void freshPerson() {
        jdbc.update("DELETE FROM residents");
        jdbc.update("DELETE FROM resident_history");
    }

    private IdentityInformation current() {
        return register.find(CODE).orElseThrow();
    }

    private void record(NodeId source, IdentityInformation identity) {
        register.record(List.of(change(source, identity)));
    }

    private RecordedChange change(NodeId source, IdentityInformation identity) {
        return new RecordedChange(UUID.randomUUID(), source, ++sequence, Instant.now(), identity, null, null);
    }

}
