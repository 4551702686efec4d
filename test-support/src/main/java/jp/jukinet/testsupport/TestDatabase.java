package jp.jukinet.testsupport;

import org.flywaydb.core.Flyway;

/** One freshly created, empty database on the shared test server. */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    /**
     * Migrates this database with Flyway from {@code locations} (e.g. {@code classpath:db/register}),
     * into one history as a node does: a test that needs part of a node's schema takes whole
     * locations rather than picking scripts, so a migration added to a location reaches it.
     */
    public void migrate(String... locations) {
        Flyway.configure().dataSource(jdbcUrl, username, password).locations(locations).load().migrate();
    }
}
