package jp.jukinet.testsupport;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a fresh database on {@link TestPostgres#server()}.
 *
 * <p>Contexts are cached by configuration, so all test classes that share a configuration share
 * one database, and Flyway migrates it once, exactly as at a real start.
 */
public final class PostgresTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String application = context.getEnvironment().getProperty("spring.application.name", "app");
        TestDatabase database = TestPostgres.createDatabase(application);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-postgres", Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password())));
    }
}
