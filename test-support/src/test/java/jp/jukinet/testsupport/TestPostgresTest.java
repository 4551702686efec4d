package jp.jukinet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void serverIsPostgres17AndEachDatabaseIsIsolated() throws Exception {
        TestDatabase first = TestPostgres.createDatabase("isolation");
        TestDatabase second = TestPostgres.createDatabase("isolation");
        assertThat(first.name()).isNotEqualTo(second.name());

        try (Connection a = connect(first); Statement statement = a.createStatement()) {
            try (ResultSet version = statement.executeQuery("SHOW server_version_num")) {
                version.next();
                assertThat(version.getInt(1)).isBetween(170000, 179999);
            }
            statement.execute("CREATE TABLE marker (id int)");
        }
        try (Connection b = connect(second); Statement statement = b.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }

    @Test
    void refusesAnUnknownChoice() {
        String before = System.getProperty("jukinet.test.postgres");
        System.setProperty("jukinet.test.postgres", "h2");
        try {
            assertThatThrownBy(TestPostgres::choice).hasMessageContaining("auto, docker or embedded");
        } finally {
            if (before == null) {
                System.clearProperty("jukinet.test.postgres");
            } else {
                System.setProperty("jukinet.test.postgres", before);
            }
        }
    }

    private static Connection connect(TestDatabase database) throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
