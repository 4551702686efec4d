package jp.jukinet.downstream.holding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/** Nonces of accepted webhooks live in the system's database: a replay is refused after a restart too. */
class JdbcNonceStoreTest {

    @Test
    void aNonceIsFirstSeenOnceAlsoByANewStoreAndForgottenAfterItsWindow() {
        TestDatabase database = TestPostgres.createDatabase("downstream_nonces");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/downstream").load().migrate();
        Instant now = Instant.parse("2026-12-03T00:00:00Z");
        JdbcClient jdbc = JdbcClient.create(dataSource);

        assertThat(new JdbcNonceStore(jdbc, Clock.fixed(now, ZoneOffset.UTC)).firstSeen("n-1", now.plusSeconds(300))).isTrue();
        // the same nonce, as a restarted system sees it
        assertThat(new JdbcNonceStore(jdbc, Clock.fixed(now.plusSeconds(60), ZoneOffset.UTC))
                .firstSeen("n-1", now.plusSeconds(360))).isFalse();
        assertThat(new JdbcNonceStore(jdbc, Clock.fixed(now, ZoneOffset.UTC)).firstSeen("n-2", now.plusSeconds(300))).isTrue();
        // after its window the nonce is forgotten (its request is refused as stale by then anyway)
        JdbcNonceStore later = new JdbcNonceStore(jdbc, Clock.fixed(now.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        assertThat(later.firstSeen("n-3", now.plus(Duration.ofMinutes(15)))).isTrue();
        assertThat(jdbc.sql("SELECT nonce FROM webhook_nonces ORDER BY nonce").query(String.class).list()).containsExactly("n-3");
    }
}
