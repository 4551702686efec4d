package jp.jukinet.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.RefusalReason;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/** The records' chain against real PostgreSQL: appended in order by concurrent writers, append-only, tamper-evident. */
class ProvisionRecordsTest {

    private static final ResidentCode HANAKO = ResidentCode.fromSerial(1_000_000_001L);

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ProvisionRecords records;

    @BeforeEach
    void freshDatabase() throws SQLException, IOException {
        database = TestPostgres.createDatabase("provision_records");
        database.migrate("classpath:db/register", "classpath:db/provision");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        records = new ProvisionRecords(jdbc, Clock.systemUTC());
    }

    @Test
    void appendsInOrderAndVerifiesTheChain() {
        assertThat(records.verify().intact()).isTrue();
        assertThat(records.verify().checked()).isZero();
        transactions.executeWithoutResult(s -> records.append(List.of(provided(HANAKO), refused(HANAKO))));
        long last = transactions.execute(s -> records.append(List.of(notFound(), provided(HANAKO))));
        assertThat(last).isEqualTo(4);

        ChainVerification verification = records.verify();
        assertThat(verification.intact()).as(verification.summary()).isTrue();
        assertThat(verification.checked()).isEqualTo(4);
        assertThat(jdbc.queryForList("SELECT seq FROM provision_records ORDER BY seq", Long.class))
                .containsExactly(1L, 2L, 3L, 4L);

        List<ProvisionRecords.Stored> about = records.about(HANAKO, Instant.EPOCH, Instant.now().plusSeconds(60),
                Long.MAX_VALUE, 10);
        assertThat(about).extracting(ProvisionRecords.Stored::seq).containsExactly(4L, 2L, 1L);
        assertThat(about.get(0).fields()).containsExactly(IdentityField.NAME, IdentityField.ADDRESS, IdentityField.STATUS);
        assertThat(about.get(1).refusal()).isEqualTo(RefusalReason.NOT_RECIPIENT);
        assertThat(records.about(HANAKO, Instant.EPOCH, Instant.now().plusSeconds(60), 4, 1))
                .extracting(ProvisionRecords.Stored::seq).containsExactly(2L);
    }

    @Test
    void aResidentReadsTheRecordsMadeUnderACodeTheyNoLongerHold() {
        ResidentCode old = ResidentCode.fromSerial(1_000_000_777L);
        transactions.executeWithoutResult(s -> records.append(List.of(provided(old), provided(HANAKO))));
        jdbc.update("INSERT INTO retired_resident_codes (retired_code, current_code, retired_at) VALUES (?, ?, now())",
                old.value(), HANAKO.value());
        assertThat(records.about(HANAKO, Instant.EPOCH, Instant.now().plusSeconds(60), Long.MAX_VALUE, 10))
                .extracting(ProvisionRecords.Stored::seq).containsExactly(2L, 1L);
        assertThat(records.about(old, Instant.EPOCH, Instant.now().plusSeconds(60), Long.MAX_VALUE, 10))
                .extracting(ProvisionRecords.Stored::seq).containsExactly(1L);
    }

    @Test
    void concurrentWritersChainOneAfterAnother() throws Exception {
        // two recorders stand for two replicas of a node: they share nothing but the database
        try (ProvisionRecorder first = new ProvisionRecorder(records, 500, Duration.ofSeconds(30));
             ProvisionRecorder second = new ProvisionRecorder(new ProvisionRecords(jdbc, Clock.systemUTC()),
                     500, Duration.ofSeconds(30))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ProvisionRecorder recorder = t % 2 == 0 ? first : second;
                int size = 1 + t % 3;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        List<ProvisionRecord> batch = new ArrayList<>();
                        for (int k = 0; k < size; k++) {
                            batch.add(provided(HANAKO));
                        }
                        recorder.record(batch);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        long expected = 40L * (1 + 2 + 3 + 1 + 2 + 3 + 1 + 2);
        ChainVerification verification = records.verify();
        assertThat(verification.intact()).as(verification.summary()).isTrue();
        assertThat(verification.checked()).isEqualTo(expected);
        assertThat(verification.lastSeq()).isEqualTo(expected);
    }

    @Test
    void anAppendRolledBackLeavesNoWrongLinkBehind() {
        // this writer's append is rolled back: its guess of the head (seq 1, hash of its record) is wrong
        transactions.executeWithoutResult(status -> {
            records.append(List.of(provided(HANAKO)));
            status.setRollbackOnly();
        });
        // another writer (a replica) then takes seq 1 with a different record, so only the hash tells them apart
        ProvisionRecords replica = new ProvisionRecords(jdbc, Clock.systemUTC());
        assertThat(replica.append(List.of(refused(HANAKO)))).isEqualTo(1);

        assertThat(records.append(List.of(notFound(), provided(HANAKO)))).isEqualTo(3);

        ChainVerification verification = records.verify();
        assertThat(verification.intact()).as(verification.summary()).isTrue();
        assertThat(verification.checked()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT outcome FROM provision_records ORDER BY seq", String.class))
                .containsExactly("REFUSED", "NOT_FOUND", "PROVIDED");
    }

    @Test
    void theDatabaseRefusesToChangeARecord() {
        transactions.executeWithoutResult(s -> records.append(List.of(provided(HANAKO))));
        assertThatThrownBy(() -> jdbc.update("UPDATE provision_records SET recipient = 'agency-x'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM provision_records")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE provision_records")).hasMessageContaining("append-only");
        assertThat(records.verify().intact()).isTrue();
    }

    @Test
    void theVerifierNamesTheFirstBrokenLink() {
        for (int i = 0; i < 10; i++) {
            transactions.executeWithoutResult(s -> records.append(List.of(provided(HANAKO), notFound())));
        }
        assertThat(command().exit()).isZero();

        // an owner who bypasses the append-only trigger edits record 5: hide who received the data
        tamper("UPDATE provision_records SET recipient = 'agency-nobody' WHERE seq = 5");
        ChainVerification edited = records.verify();
        assertThat(edited.brokenAt()).isEqualTo(5);
        assertThat(edited.problem()).contains("edited");
        Result result = command();
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("BROKEN at record 5");

        // ... and also recomputes record 5's hash from its new content: then record 6 no longer links to it
        byte[] previous = jdbc.queryForObject("SELECT previous_hash FROM provision_records WHERE seq = 5", byte[].class);
        ProvisionChain.Row forged = jdbc.queryForObject("""
                SELECT seq, recorded_at, recipient, basis, resident_code, lookup_key, fields, outcome, refusal
                FROM provision_records WHERE seq = 5""", (row, n) -> new ProvisionChain.Row(row.getLong(1),
                row.getObject(2, java.time.OffsetDateTime.class).toInstant(), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9)));
        tamper("UPDATE provision_records SET hash = decode('"
                + java.util.HexFormat.of().formatHex(ProvisionChain.hash(previous, forged)) + "', 'hex') WHERE seq = 5");
        ChainVerification relinked = records.verify();
        assertThat(relinked.brokenAt()).isEqualTo(6);
        assertThat(relinked.problem()).contains("previous hash is not the hash of record 5");

        // records deleted from the middle, and from the end
        tamper("DELETE FROM provision_records WHERE seq >= 5 AND seq <= 7");
        assertThat(records.verify().brokenAt()).isEqualTo(5);
        assertThat(records.verify().problem()).contains("record 5 is missing");
    }

    @Test
    void theVerifierNoticesRecordsCutFromTheEnd() {
        for (int i = 0; i < 3; i++) {
            transactions.executeWithoutResult(s -> records.append(List.of(provided(HANAKO))));
        }
        tamper("DELETE FROM provision_records WHERE seq = 3");
        ChainVerification cut = records.verify();
        assertThat(cut.brokenAt()).isEqualTo(3);
        assertThat(cut.problem()).contains("head");
    }

    private void tamper(String sql) {
        jdbc.execute("ALTER TABLE provision_records DISABLE TRIGGER provision_records_append_only");
        try {
            jdbc.execute(sql);
        } finally {
            jdbc.execute("ALTER TABLE provision_records ENABLE TRIGGER provision_records_append_only");
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result command() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyProvisionChain.run(new String[] {database.jdbcUrl(), database.username(), database.password()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ProvisionRecord provided(ResidentCode resident) {
        return new ProvisionRecord("agency-nenkin", "nenkin-30-9-change-check", resident, LookupKey.RESIDENT_CODE,
                Set.of(IdentityField.STATUS, IdentityField.NAME, IdentityField.ADDRESS), ProvisionOutcome.PROVIDED, null);
    }

    private static ProvisionRecord refused(ResidentCode resident) {
        return new ProvisionRecord("agency-nta", "nenkin-30-9-change-check", resident, LookupKey.MY_NUMBER, Set.of(),
                ProvisionOutcome.REFUSED, RefusalReason.NOT_RECIPIENT);
    }

    private static ProvisionRecord notFound() {
        return new ProvisionRecord("agency-nenkin", "nenkin-30-9-change-check", null, LookupKey.FOUR_INFO, Set.of(),
                ProvisionOutcome.NOT_FOUND, null);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

}
