package jp.jukinet.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one place that decides where tests get PostgreSQL.
 *
 * <p>By default ({@code auto}) a Testcontainers {@code postgres:17} container when a Docker engine
 * answers, and otherwise an embedded PostgreSQL 17 from zonky's binaries. Set the system property
 * {@code jukinet.test.postgres} or the environment variable {@code JUKINET_TEST_POSTGRES} to
 * {@code docker} or {@code embedded} to force one. One server is started per JVM, lazily, and
 * stopped when the JVM exits; every test context gets its own database on it, so tests never see
 * each other's rows.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final String POSTGRES_IMAGE = "postgres:17";
    private static final AtomicInteger databases = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {
    }

    /** The JVM's shared server, started on first use. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = start(choice());
            log.info("Test PostgreSQL: {} on {}:{}", server.kind(), server.host(), server.port());
        }
        return server;
    }

    /** Creates a new empty database whose name starts with {@code prefix}. */
    public static TestDatabase createDatabase(String prefix) {
        PostgresServer running = server();
        String name = (prefix.replaceAll("[^a-zA-Z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + databases.incrementAndGet()).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(running.jdbcUrl("postgres"),
                running.username(), running.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new TestDatabase(name, running.jdbcUrl(name), running.username(), running.password());
    }

    static String choice() {
        String configured = System.getProperty("jukinet.test.postgres", System.getenv("JUKINET_TEST_POSTGRES"));
        String value = configured == null || configured.isBlank() ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> dockerAnswers() ? "docker" : "embedded";
            case "docker", "embedded" -> value;
            default -> throw new IllegalStateException(
                    "jukinet.test.postgres must be auto, docker or embedded; got '" + configured + "'");
        };
    }

    private static boolean dockerAnswers() {
        if (!dockerMayBeConfigured()) {
            return false; // spares the test log Testcontainers' error report about a missing engine
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Whether anything points at a Docker engine at all: an environment variable or a known socket. */
    private static boolean dockerMayBeConfigured() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".colima", "default", "docker.sock"));
    }

    private static PostgresServer start(String kind) {
        if ("docker".equals(kind)) {
            PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
            return new PostgresServer(container.getHost(), container.getMappedPort(5432),
                    container.getUsername(), container.getPassword(), "Testcontainers " + POSTGRES_IMAGE);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
            if (Boolean.getBoolean("jukinet.test.postgres.durable")) {
                // benchmarks measure with every commit flushed; zonky starts the server with -F (fsync
                // off) and synchronous_commit=off unless told otherwise, and a later -c wins over -F
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                // tests commit a lot; durability across an OS crash is not what they test
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres embedded = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (Exception e) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }, "test-postgres-stop"));
            return new PostgresServer("localhost", embedded.getPort(), "postgres", "", "embedded PostgreSQL 17 (zonky)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }
}
