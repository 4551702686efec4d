package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.national.numbering.MyNumberDerivation;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The bulk loader writes a population into real, migrated stores of every tier (the nodes' own
 * Flyway migrations on embedded PostgreSQL): the same records and changes at the CS, its
 * prefecture and J-LIS, J-LIS's numbering state as if it had allocated the codes and issued the
 * numbers, and nothing that collides with what J-LIS had issued before the load.
 */
class BulkLoaderTest {

    private static final long SEED = 42;
    private static final int TOTAL = 12_000;
    private static final byte[] KEY = new byte[32];

    private static DataSource national;
    private static final Map<String, DataSource> prefectures = new HashMap<>();
    private static final Map<String, DataSource> municipalities = new HashMap<>();
    private static String takenCode;
    private static String bumpedCode;
    private static BulkLoader.Report report;

    @BeforeAll
    static void load() {
        national = migrated("national", "classpath:db/register", "classpath:db/inbox", "classpath:db/provision",
                "classpath:db/subscription", "classpath:db/migration/national");
        for (String prefecture : List.of("13", "27")) {
            prefectures.put(prefecture, migrated("pref" + prefecture, "classpath:db/register", "classpath:db/outbox",
                    "classpath:db/inbox", "classpath:db/provision", "classpath:db/prefecture"));
        }
        for (Topology.Municipality municipality : Topology.MUNICIPALITIES) {
            municipalities.put(municipality.code(), migrated("cs" + municipality.code(), "classpath:db/register",
                    "classpath:db/outbox", "classpath:db/inbox", "classpath:db/peer", "classpath:db/migration/cs"));
        }
        // before the load J-LIS had allocated the load's first candidate code, and had issued the
        // number that the second candidate's derivation gives first
        JdbcClient jlis = JdbcClient.create(national);
        takenCode = ResidentCode.fromSerial(BulkLoader.serialAt(SEED, 0)).value();
        bumpedCode = ResidentCode.fromSerial(BulkLoader.serialAt(SEED, 1)).value();
        UUID block = UUID.randomUUID();
        jlis.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, size, allocated_at)
                VALUES (:block, :request, '131016', 1, now())""")
                .param("block", block).param("request", UUID.randomUUID()).update();
        jlis.sql("""
                INSERT INTO allocated_resident_codes (resident_code, municipality, block_id, position, allocated_at)
                VALUES (:code, '131016', :block, 0, now())""").param("code", takenCode).param("block", block).update();
        jlis.sql("""
                INSERT INTO issued_my_numbers (my_number, resident_code, derivation_counter, issued_at)
                VALUES (:number, :code, 0, now())""")
                .param("number", new MyNumberDerivation(KEY).derive(ResidentCode.of(bumpedCode), 0).value())
                .param("code", takenCode).update();

        report = new BulkLoader(SEED, KEY, Instant.parse("2026-12-03T00:00:00Z"), Period.ofYears(150))
                .load(new BulkLoader.Stores(national, prefectures, municipalities), TOTAL);
    }

    @Test
    void everyTierHoldsTheSameRecordsAndChanges() {
        int[] shares = Population.shares(TOTAL);
        long atPrefectures = 0;
        for (int i = 0; i < shares.length; i++) {
            Topology.Municipality municipality = Topology.MUNICIPALITIES.get(i);
            JdbcClient cs = JdbcClient.create(municipalities.get(municipality.code()));
            JdbcClient prefecture = JdbcClient.create(prefectures.get(municipality.prefecture()));
            assertThat(count(cs, "SELECT count(*) FROM residents")).isEqualTo(shares[i]);
            assertThat(count(cs, "SELECT count(*) FROM resident_code_pool")).isEqualTo(shares[i]);
            String records = fingerprint(cs, municipality.code());
            assertThat(fingerprint(prefecture, municipality.code())).isEqualTo(records);
            assertThat(fingerprint(JdbcClient.create(national), municipality.code())).isEqualTo(records);
            String changes = changes(cs, municipality.code());
            assertThat(changes(prefecture, municipality.code())).isEqualTo(changes);
            assertThat(changes(JdbcClient.create(national), municipality.code())).isEqualTo(changes);
            // the CS's pool holds exactly the codes J-LIS allocated to it, all used
            assertThat(count(cs, "SELECT count(*) FROM resident_code_pool_blocks WHERE next_position <> size")).isZero();
            assertThat(count(JdbcClient.create(national), "SELECT count(*) FROM allocated_resident_codes WHERE municipality = '"
                    + municipality.code() + "'")).isEqualTo(shares[i] + (municipality.code().equals("131016") ? 1 : 0));
            atPrefectures += shares[i];
        }
        assertThat(count(JdbcClient.create(national), "SELECT count(*) FROM residents")).isEqualTo(TOTAL);
        assertThat(atPrefectures).isEqualTo(TOTAL);
        assertThat(report.people()).isEqualTo(TOTAL);
    }

    @Test
    void codesAndNumbersAreJlisOwnAndNeverCollideWithWhatItIssuedBefore() {
        JdbcClient jlis = JdbcClient.create(national);
        assertThat(count(jlis, "SELECT count(*) FROM residents WHERE resident_code = '" + takenCode + "'")).isZero();
        // the second candidate's first number was taken: its number is the derivation's next
        assertThat(jlis.sql("SELECT derivation_counter FROM issued_my_numbers WHERE resident_code = :code")
                .param("code", bumpedCode).query(Integer.class).single()).isEqualTo(1);
        MyNumberDerivation derivation = new MyNumberDerivation(KEY);
        jlis.sql("""
                        SELECT r.resident_code, r.my_number, i.derivation_counter FROM residents r
                        JOIN issued_my_numbers i ON i.my_number = r.my_number AND i.resident_code = r.resident_code
                        ORDER BY r.resident_code LIMIT 500""")
                .query((row, n) -> {
                    ResidentCode code = ResidentCode.of(row.getString(1));
                    assertThat(derivation.derive(code, row.getInt(3)).value()).isEqualTo(row.getString(2));
                    return code;
                }).list();
        assertThat(count(jlis, """
                SELECT count(*) FROM residents r
                WHERE NOT EXISTS (SELECT 1 FROM issued_my_numbers i WHERE i.my_number = r.my_number)""")).isZero();
    }

    private static String fingerprint(JdbcClient jdbc, String municipality) {
        return jdbc.sql("""
                        SELECT md5(string_agg(concat_ws('|', resident_code, my_number, prefecture, normalized_name, date_of_birth,
                                                        sex, status, identity::text, last_change_id, retention_until),
                                              ',' ORDER BY resident_code))
                        FROM residents WHERE municipality = :municipality""")
                .param("municipality", municipality).query(String.class).single();
    }

    private static String changes(JdbcClient jdbc, String municipality) {
        return jdbc.sql("""
                        SELECT md5(string_agg(concat_ws('|', h.change_id, h.resident_code, h.reason, h.effective_date,
                                                        h.notified_date, h.identity::text, h.received_on),
                                              ',' ORDER BY h.change_id))
                        FROM resident_history h JOIN residents r ON r.resident_code = h.resident_code
                        WHERE r.municipality = :municipality""")
                .param("municipality", municipality).query(String.class).single();
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static DataSource migrated(String prefix, String... locations) {
        TestDatabase database = TestPostgres.createDatabase(prefix);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();
        return dataSource;
    }
}
