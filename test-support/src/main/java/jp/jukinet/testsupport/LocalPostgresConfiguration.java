package jp.jukinet.testsupport;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs a single service at development time on the test PostgreSQL (see {@link TestPostgres}),
 * so that one service can be started on a machine with only a JDK:
 * {@code ./mvnw -pl national-service spring-boot:test-run}. The database lives as long as the
 * process. The whole network with persistent data is the local cluster's job.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocalPostgresConfiguration {

    @Bean
    DataSource dataSource(Environment environment) {
        TestDatabase database = TestPostgres.createDatabase(environment.getProperty("spring.application.name", "app"));
        return DataSourceBuilder.create()
                .url(database.jdbcUrl())
                .username(database.username())
                .password(database.password())
                .build();
    }
}
