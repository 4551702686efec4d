package jp.jukinet.testsupport;

/** One freshly created, empty database on the shared test server. */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {
}
