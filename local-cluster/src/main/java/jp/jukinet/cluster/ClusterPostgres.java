package jp.jukinet.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cluster's PostgreSQL 17: zonky's embedded binaries, run on a data directory under
 * {@code var/}, so that the network continues where it stopped. Every node gets its own database.
 */
final class ClusterPostgres implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final int port;
    private final java.util.Map<String, SingleConnectionDataSource> connections = new java.util.concurrent.ConcurrentHashMap<>();

    private ClusterPostgres(EmbeddedPostgres server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts PostgreSQL on {@code dataDirectory}, creating the cluster there on first use. */
    static ClusterPostgres start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    // durable: zonky's defaults (-F, synchronous_commit=off) suit tests, not a network
                    // that keeps its data; a later -c wins over -F
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile(dataDirectory)))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile(dataDirectory)))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new ClusterPostgres(server, port);
        } catch (IOException e) {
            throw new ClusterException("PostgreSQL did not start on " + dataDirectory + " (port " + port + "): "
                    + e.getMessage(), e);
        }
    }

    /** PostgreSQL's own log, beside the nodes' log. */
    private static java.io.File logFile(Path dataDirectory) throws IOException {
        Path logs = dataDirectory.toAbsolutePath().getParent().resolve("logs");
        Files.createDirectories(logs);
        return logs.resolve("postgres.log").toFile();
    }

    /** Creates the databases that do not exist yet. */
    void ensureDatabases(List<String> names) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
            for (String name : names) {
                try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet row = exists.executeQuery()) {
                        if (row.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    // names come from the topology: lower-case letters, digits and '_'
                    create.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
                }
            }
        } catch (SQLException e) {
            throw new ClusterException("cannot create the nodes' databases: " + e.getMessage(), e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** A client of {@code database} on one connection, kept until the server stops. */
    JdbcClient jdbc(String database) {
        return JdbcClient.create(connections.computeIfAbsent(database,
                name -> new SingleConnectionDataSource(jdbcUrl(name), USER, "", true)));
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        connections.values().forEach(SingleConnectionDataSource::destroy);
        connections.clear();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a PostgreSQL that an earlier run left on {@code dataDirectory} when it was killed (its JVM
     * gone, the postmaster still up), so that the data directory is never used by two servers.
     */
    static void stopOrphan(Path dataDirectory, java.io.PrintStream out) {
        try {
            stopOrphanServer(dataDirectory, out);
        } catch (IOException e) {
            throw new ClusterException("cannot read " + dataDirectory.resolve("postmaster.pid") + ": " + e.getMessage(), e);
        }
    }

    private static void stopOrphanServer(Path dataDirectory, java.io.PrintStream out) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst()
                .map(String::trim).filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                // a pid the system has since given to another program is not ours to stop
                .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        out.println("Stopping the PostgreSQL an earlier run left behind (pid " + postmaster.get().pid() + ") ...");
        postmaster.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, nothing is lost
        Instant deadline = Instant.now().plusSeconds(60);
        while (postmaster.get().isAlive() && Instant.now().isBefore(deadline)) {
            try {
                postmaster.get().onExit().get(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // check the deadline again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while stopping an old PostgreSQL", e);
            }
        }
        if (postmaster.get().isAlive()) {
            throw new ClusterException("an earlier run's PostgreSQL (pid " + postmaster.get().pid()
                    + ") does not stop; stop it, then start again");
        }
    }
}
