package jp.jukinet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cluster's PostgreSQL gives each node's database to a role of its own, also on the data of
 * an earlier version, where every database and object belonged to the superuser and anyone on
 * localhost could connect without a password.
 */
class ClusterPostgresTest {

    private static final List<String> DATABASES = List.of("cs_131016", "national");

    @TempDir
    Path var;

    @Test
    void anEarlierVersionsDataIsHandedToEachNodesRoleAndOnlyThatRoleMayOpenIt() throws Exception {
        int port = new Topology(LocalCluster.freePortOffset()).postgresPort();
        Path data = var.resolve("postgres");
        earlierVersionsData(data, port);

        ClusterPostgres.Credentials first;
        try (ClusterPostgres postgres = ClusterPostgres.start(data, port, ClusterSecrets.open(var.resolve("secrets")))) {
            postgres.ensureNodeDatabases(DATABASES);
            first = postgres.credentials("cs_131016");
            assertThat(first.user()).isEqualTo("cs_131016");
            try (Connection cs = DriverManager.getConnection(postgres.jdbcUrl("cs_131016"), first.user(), first.password());
                 Statement statement = cs.createStatement()) {
                assertThat(single(statement, "SELECT string_agg(name, ',' ORDER BY id) FROM residents"))
                        .as("the earlier run's rows").isEqualTo("住基 一郎");
                // writing uses the table's sequence, a loose sequence, the trigger's function and the enum
                statement.execute("INSERT INTO residents (name, status) VALUES ('住基 花子', 'ACTIVE')");
                statement.execute("SELECT nextval('receipt_numbers')");
                statement.execute("ALTER TABLE residents ADD COLUMN note text"); // the owner migrates it (Flyway)
                assertThat(single(statement, "SELECT count(*) FROM active_residents")).isEqualTo("2");
                assertThat(notOwnedBy(statement, "cs_131016")).as("objects still owned by another role").isEmpty();
            }
            ClusterPostgres.Credentials national = postgres.credentials("national");
            assertThat(national.password()).isNotEqualTo(first.password());
            assertThat(refusal(postgres.jdbcUrl("national"), first.user(), first.password()))
                    .as("cs_131016's role opens J-LIS's database").isEqualTo("42501");
            assertThat(refusal(postgres.jdbcUrl("postgres"), first.user(), first.password()))
                    .as("cs_131016's role opens the maintenance database").isEqualTo("42501");
            assertThat(refusal(postgres.jdbcUrl("cs_131016"), first.user(), national.password()))
                    .as("cs_131016's role with another role's password").isEqualTo("28P01");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(refusal(postgres.jdbcUrl("cs_131016"), "postgres", "")).as("the superuser without its password")
                            .isNotEqualTo("connected"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(var.resolve("secrets")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                var.resolve("secrets").resolve(ClusterSecrets.passwordFile("cs_131016"))))).isEqualTo("rw-------");

        try (ClusterPostgres again = ClusterPostgres.start(data, port, ClusterSecrets.open(var.resolve("secrets")))) {
            again.ensureNodeDatabases(DATABASES);
            assertThat(again.credentials("cs_131016")).as("a restart keeps the roles' passwords").isEqualTo(first);
            assertThat(again.jdbc("cs_131016").sql("SELECT count(*) FROM residents").query(Long.class).single()).isEqualTo(2);
            assertThat(refusal(again.jdbcUrl("national"), first.user(), first.password())).isEqualTo("42501");
        }

        // var/secrets lost: the next start sets every password anew, and the data carries on
        deleteRecursively(var.resolve("secrets"));
        try (ClusterPostgres renewed = ClusterPostgres.start(data, port, ClusterSecrets.open(var.resolve("secrets")))) {
            renewed.ensureNodeDatabases(DATABASES);
            assertThat(renewed.credentials("cs_131016").password()).isNotEqualTo(first.password());
            assertThat(renewed.jdbc("cs_131016").sql("SELECT count(*) FROM residents").query(Long.class).single()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(refusal(renewed.jdbcUrl("cs_131016"), first.user(), first.password()))
                            .as("the lost password").isEqualTo("28P01"));
        }
    }

    /** What ./jukinet made before roles: zonky's trust, every database and object the superuser's. */
    private static void earlierVersionsData(Path data, int port) throws Exception {
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start()) {
            String url = "jdbc:postgresql://localhost:" + port + "/";
            try (Connection admin = DriverManager.getConnection(url + "postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                for (String database : DATABASES) {
                    statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
                }
            }
            try (Connection admin = DriverManager.getConnection(url + "cs_131016", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE TYPE resident_status AS ENUM ('ACTIVE', 'REMOVED')");
                statement.execute("CREATE TABLE residents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "name text NOT NULL, status resident_status NOT NULL DEFAULT 'ACTIVE', touched bigserial)");
                statement.execute("CREATE SEQUENCE receipt_numbers");
                statement.execute("CREATE VIEW active_residents AS SELECT * FROM residents WHERE status = 'ACTIVE'");
                statement.execute("""
                        CREATE FUNCTION residents_checked() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RETURN NEW; END $$""");
                statement.execute("CREATE TRIGGER residents_checked BEFORE INSERT ON residents "
                        + "FOR EACH ROW EXECUTE FUNCTION residents_checked()");
                statement.execute("INSERT INTO residents (name) VALUES ('住基 一郎')");
            }
        }
    }

    private static List<String> notOwnedBy(Statement statement, String role) throws SQLException {
        List<String> objects = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> '%1$s'
                UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%1$s'
                UNION ALL SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(t.typowner) <> '%1$s'
                UNION ALL SELECT 'schema public' FROM pg_namespace WHERE nspname = 'public' AND pg_get_userbyid(nspowner) <> '%1$s'
                UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datname = current_database()
                  AND pg_get_userbyid(datdba) <> '%1$s'
                """.formatted(role))) {
            while (rows.next()) {
                objects.add(rows.getString(1));
            }
        }
        return objects;
    }

    /** The SQLSTATE a connection attempt is refused with, or {@code "connected"}. */
    static String refusal(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return "connected";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private static void deleteRecursively(Path path) throws Exception {
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
