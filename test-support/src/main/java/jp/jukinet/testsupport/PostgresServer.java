package jp.jukinet.testsupport;

/**
 * A running PostgreSQL server that tests may create databases on.
 *
 * @param host     host name to connect to
 * @param port     TCP port
 * @param username a superuser
 * @param password its password (may be empty)
 * @param kind     where the server came from, for the test log
 */
public record PostgresServer(String host, int port, String username, String password, String kind) {

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
