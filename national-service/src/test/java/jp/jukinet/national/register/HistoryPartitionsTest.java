package jp.jukinet.national.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
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
import jp.jukinet.service.register.HistoryEntry;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * J-LIS's history is partitioned by prefecture (national V91, docs/architecture.md F8
 * "Partitions"): each change lies in its prefecture's partition, history recorded before the
 * partitioning is moved there whole, a change recorded twice is still recorded once, a person who
 * moved between prefectures keeps one history, which a read through {@code history_prefectures}
 * (kept by triggers, emptied by the purge) takes from their prefectures' partitions only, and a
 * change of no prefecture is refused.
 */
class HistoryPartitionsTest {

    static final String[] NATIONAL = {"classpath:db/register", "classpath:db/inbox", "classpath:db/provision",
            "classpath:db/subscription", "classpath:db/migration/national"};
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void historyRecordedBeforeThePartitioningLiesInItsPrefecturesPartitionAfterItWhole() {
        TestDatabase database = TestPostgres.createDatabase("history_partitions_migrated");
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(NATIONAL).target("90").load().migrate();
        JdbcTemplate jdbc = jdbc(database);
        ResidentRegister register = register(jdbc);
        IdentityInformation hanako = born(ResidentCode.fromSerial(1_000_000_001L), MyNumber.of("123456789018"));
        register.record(List.of(change(NodeId.of("pref-13"), hanako, 1), change(NodeId.of("pref-27"), movedToOsaka(hanako), 1)));
        List<Map<String, Object>> before = jdbc.queryForList(
                "SELECT change_id, prefecture, identity::text AS identity FROM resident_history ORDER BY change_id");
        assertThat(jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE relname = 'resident_history'", String.class))
                .as("one table before V91").isEqualTo("r");

        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(NATIONAL).load().migrate();

        assertThat(jdbc.queryForObject("SELECT relkind::text FROM pg_class WHERE relname = 'resident_history'", String.class))
                .as("partitioned after V91").isEqualTo("p");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_inherits WHERE inhparent = 'resident_history'::regclass",
                Integer.class)).as("one partition per prefecture").isEqualTo(47);
        assertThat(jdbc.queryForList(
                "SELECT change_id, prefecture, identity::text AS identity FROM resident_history ORDER BY change_id"))
                .isEqualTo(before);
        assertThat(jdbc.queryForList("SELECT tableoid::regclass::text FROM resident_history ORDER BY prefecture", String.class))
                .containsExactly("resident_history_13", "resident_history_27");
    }

    @Test
    void aChangeIsRecordedOnceInItsPrefecturesPartitionAndAMovedPersonKeepsOneHistory() {
        TestDatabase database = TestPostgres.createDatabase("history_partitions");
        database.migrate(NATIONAL);
        JdbcTemplate jdbc = jdbc(database);
        ResidentRegister register = register(jdbc);
        ResidentCode code = ResidentCode.fromSerial(1_000_000_002L);
        IdentityInformation hanako = born(code, MyNumber.fromData(22_222_222_222L));
        RecordedChange birth = change(NodeId.of("pref-13"), hanako, 1);
        RecordedChange moveIn = change(NodeId.of("pref-27"), movedToOsaka(hanako), 1);

        assertThat(register.record(List.of(birth))).containsExactly(birth);
        assertThat(register.record(List.of(moveIn))).containsExactly(moveIn);
        assertThat(register.record(List.of(birth, moveIn))).as("delivered again: recorded once").isEmpty();

        assertThat(jdbc.queryForList("SELECT tableoid::regclass::text FROM resident_history WHERE resident_code = ?"
                + " ORDER BY recorded_at", String.class, code.value()))
                .containsExactly("resident_history_13", "resident_history_27");
        assertThat(register.history(code)).extracting(HistoryEntry::changeId)
                .containsExactly(birth.changeId(), moveIn.changeId());
        assertThat(register.find(code)).get().extracting(IdentityInformation::municipality).isEqualTo(OSAKA);

        // the person's prefectures are kept, and one person's history is read from their partitions only
        assertThat(jdbc.queryForList("SELECT prefecture FROM history_prefectures WHERE resident_code = ? ORDER BY 1",
                String.class, code.value())).containsExactly("13", "27");
        List<String> plan = jdbc.queryForList("""
                EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
                SELECT h.change_id FROM history_prefectures p
                CROSS JOIN LATERAL (""" + ResidentRegister.IN_ITS_PARTITION + """
                    ) h
                WHERE p.resident_code = ?""", String.class, code.value());
        assertThat(plan.stream().filter(line -> !line.contains("never executed"))
                .map(line -> line.replaceAll(".* on (resident_history_\\d\\d).*|.*", "$1")).filter(name -> !name.isEmpty())
                .distinct().sorted()).as(String.join("\n", plan))
                .containsExactly("resident_history_13", "resident_history_27");

        // purged, the person leaves no prefecture behind
        register.purgeExpired(LocalDate.now().plusYears(151));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM history_prefectures WHERE resident_code = ?", Integer.class,
                code.value())).isZero();
    }

    @Test
    void aChangeOfNoPrefectureIsRefusedByTheDatabase() {
        TestDatabase database = TestPostgres.createDatabase("history_partitions_none");
        database.migrate(NATIONAL);
        JdbcTemplate jdbc = jdbc(database);

        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO resident_history (change_id, resident_code, source, reason, effective_date, notified_date,
                                              identity, recorded_at, retention_until, received_on, prefecture)
                VALUES (gen_random_uuid(), '10000000030', 'pref-48', 'BIRTH', current_date, current_date, '{}',
                        now(), current_date, current_date, '48')"""))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("no partition");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM resident_history", Integer.class)).isZero();
    }

    private static JdbcTemplate jdbc(TestDatabase database) {
        return new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    }

    private static ResidentRegister register(JdbcTemplate jdbc) {
        return new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150)));
    }

    private static IdentityInformation born(ResidentCode code, MyNumber number) {
        return new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                LocalDate.of(1990, 1, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), CHIYODA,
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1),
                        LocalDate.of(1990, 1, 2)));
    }

    private static IdentityInformation movedToOsaka(IdentityInformation person) {
        return person.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
    }

    private static RecordedChange change(NodeId source, IdentityInformation identity, long sequence) {
        return new RecordedChange(UUID.randomUUID(), source, sequence, Instant.now(), identity, null, null);
    }
}
