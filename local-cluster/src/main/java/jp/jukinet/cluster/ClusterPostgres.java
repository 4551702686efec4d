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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cluster's PostgreSQL 17: zonky's embedded binaries, run on a data directory under
 * {@code var/}, so that the network continues where it stopped. Every node gets its own database,
 * owned by a role of its own: only that role may connect to it, with its password from
 * {@link ClusterSecrets}, as in docker compose; the nodes never use the superuser.
 *
 * <p>Every connection proves its role's password ({@code scram-sha-256} in {@code pg_hba.conf}).
 * Only while the roles' passwords are being set — the first start on a data directory, a data
 * directory of an earlier version (its databases owned by the superuser, who had no password), or
 * after {@code var/secrets} was lost — does the superuser connect from localhost without one;
 * {@link #ensureNodeDatabases} then sets every password, hands each database and its objects to its
 * node's role, and closes that door before any node starts.
 */
final class ClusterPostgres implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final String HBA_HEADER = "# Written by ./jukinet (local-cluster ClusterPostgres)";
    private static final String HBA_PASSWORDS = HBA_HEADER + """
            : every connection proves its role's password.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;
    private static final String HBA_BOOTSTRAP = HBA_HEADER + """
            , while it sets the roles' passwords (replaced before any node starts).
            host all postgres 127.0.0.1/32 trust
            host all postgres ::1/128 trust
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    /** A node's role on its database. */
    record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    private final EmbeddedPostgres server;
    private final int port;
    private final Path dataDirectory;
    private final ClusterSecrets secrets;
    private final String superuserPassword;
    private final Map<String, Credentials> roles = new ConcurrentHashMap<>();
    private final Map<String, SingleConnectionDataSource> connections = new ConcurrentHashMap<>();

    private ClusterPostgres(EmbeddedPostgres server, int port, Path dataDirectory, ClusterSecrets secrets,
                            String superuserPassword) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.secrets = secrets;
        this.superuserPassword = superuserPassword;
    }

    /** Starts PostgreSQL on {@code dataDirectory}, creating the cluster there on first use. */
    static ClusterPostgres start(Path dataDirectory, int port, ClusterSecrets secrets) {
        ClusterSecrets.Secret superuser = secrets.password(SUPERUSER);
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
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // after initdb, before the server starts: who may connect how
                    .setDataDirectoryCustomizer(directory -> writeHba(directory.toPath(), superuser.created()))
                    .setConnectConfig("password", superuser.value())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile(dataDirectory)))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile(dataDirectory)))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new ClusterPostgres(server, port, dataDirectory, secrets, superuser.value());
        } catch (IOException e) {
            throw new ClusterException("PostgreSQL did not start on " + dataDirectory + " (port " + port + "): "
                    + e.getMessage() + passwordHint(e, secrets), e);
        }
    }

    /**
     * The bootstrap rules when the superuser's password is new here (just made, or never set on
     * this data: a fresh or an earlier version's data directory), else the password rules.
     */
    private static void writeHba(Path dataDirectory, boolean newSuperuserPassword) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            boolean ours = Files.exists(hba) && Files.readString(hba, StandardCharsets.US_ASCII).startsWith(HBA_PASSWORDS);
            Files.writeString(hba, newSuperuserPassword || !ours ? HBA_BOOTSTRAP : HBA_PASSWORDS, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String passwordHint(Throwable e, ClusterSecrets secrets) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "28P01".equals(sql.getSQLState())) {
                return "; PostgreSQL refused the superuser password of " + secrets.directory()
                        .resolve(ClusterSecrets.passwordFile(SUPERUSER)) + ": restore that file, or delete it to have "
                        + "every role's password set anew on the next start";
            }
        }
        return "";
    }

    /** PostgreSQL's own log, beside the nodes' log. */
    private static java.io.File logFile(Path dataDirectory) throws IOException {
        Path logs = dataDirectory.toAbsolutePath().getParent().resolve("logs");
        Files.createDirectories(logs);
        return logs.resolve("postgres.log").toFile();
    }

    /**
     * Makes each node's database and role: the role (password from {@link ClusterSecrets}) owns the
     * database, its schema {@code public} and every object in it; only it may connect; PUBLIC may
     * connect to no database. Databases of an earlier version, owned by the superuser, are handed
     * over the same way, so their data carries on. Then every connection must prove its password.
     */
    void ensureNodeDatabases(List<String> names) {
        try (Connection admin = superuser(MAINTENANCE_DATABASE)) {
            execute(admin, "ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
            execute(admin, "REVOKE CONNECT, TEMPORARY ON DATABASE " + MAINTENANCE_DATABASE + " FROM PUBLIC");
            execute(admin, "REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC");
            for (String name : names) {
                // names come from the topology: lower-case letters, digits and '_'; the role is named after its database
                String role = identifier(name);
                String password = secrets.password(name).value();
                String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + literal(password);
                execute(admin, (exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", name) ? "ALTER" : "CREATE")
                        + " ROLE " + role + attributes);
                if (exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                    execute(admin, "ALTER DATABASE " + role + " OWNER TO " + role);
                } else {
                    execute(admin, "CREATE DATABASE " + role + " OWNER " + role + " ENCODING 'UTF8'");
                }
                execute(admin, "REVOKE CONNECT, TEMPORARY ON DATABASE " + role + " FROM PUBLIC");
                execute(admin, "GRANT CONNECT, TEMPORARY ON DATABASE " + role + " TO " + role);
                try (Connection database = superuser(name)) {
                    execute(database, "ALTER SCHEMA public OWNER TO " + role);
                    execute(database, "REVOKE ALL ON SCHEMA public FROM PUBLIC");
                    handOver(database, name);
                }
                roles.put(name, new Credentials(name, password));
            }
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA_PASSWORDS, StandardCharsets.US_ASCII);
            try (Statement reload = admin.createStatement(); ResultSet done = reload.executeQuery("SELECT pg_reload_conf()")) {
                done.next();
            }
        } catch (SQLException e) {
            throw new ClusterException("cannot set up the nodes' databases and roles: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ClusterException("cannot write " + dataDirectory.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives {@code role} what another role (the superuser, in data of an earlier version) owns in
     * schema public: tables (with their indexes and their columns' sequences), views, sequences,
     * functions and types.
     */
    private static void handOver(Connection database, String role) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement owned = database.prepareStatement("""
                SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                      WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END || ' ' || c.oid::regclass
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                  AND pg_get_userbyid(c.relowner) <> ?
                  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                           AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')))
                UNION ALL
                SELECT 'ROUTINE ' || p.oid::regprocedure
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ?
                UNION ALL
                SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || t.oid::regtype
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r') AND pg_get_userbyid(t.typowner) <> ?
                """)) {
            owned.setString(1, role);
            owned.setString(2, role);
            owned.setString(3, role);
            try (ResultSet rows = owned.executeQuery()) {
                while (rows.next()) {
                    statements.add("ALTER " + rows.getString(1) + " OWNER TO " + identifier(role));
                }
            }
        }
        for (String statement : statements) {
            execute(database, statement);
        }
    }

    /**
     * Drops node database {@code name} with everything in it, as a lost database (connections to it
     * are ended); {@link #ensureNodeDatabases} makes it again, empty, for the same role. For the scale
     * harness, which rebuilds J-LIS from the prefectures.
     */
    void dropDatabase(String name) {
        SingleConnectionDataSource cached = connections.remove(name);
        if (cached != null) {
            cached.destroy();
        }
        try (Connection admin = superuser(MAINTENANCE_DATABASE)) {
            execute(admin, "DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new ClusterException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets server settings that need no restart ({@code ALTER SYSTEM}, then a reload), kept in the data
     * directory's {@code postgresql.auto.conf}. For the scale harness, which loads millions of rows.
     */
    void alterSystem(java.util.Map<String, String> settings) {
        try (Connection admin = superuser(MAINTENANCE_DATABASE)) {
            for (java.util.Map.Entry<String, String> setting : settings.entrySet()) {
                execute(admin, "ALTER SYSTEM SET " + identifier(setting.getKey()) + " = " + literal(setting.getValue()));
            }
            try (Statement reload = admin.createStatement(); ResultSet done = reload.executeQuery("SELECT pg_reload_conf()")) {
                done.next();
            }
        } catch (SQLException e) {
            throw new ClusterException("cannot change the server's settings: " + e.getMessage(), e);
        }
    }

    /** The role and password node database {@code database} is opened with. */
    Credentials credentials(String database) {
        Credentials credentials = roles.get(database);
        if (credentials == null) {
            throw new IllegalStateException("no role for database " + database + " (ensureNodeDatabases first)");
        }
        return credentials;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** A client of {@code database} as its node's role, on one connection, kept until the server stops. */
    JdbcClient jdbc(String database) {
        Credentials credentials = credentials(database);
        return JdbcClient.create(connections.computeIfAbsent(database,
                name -> new SingleConnectionDataSource(jdbcUrl(name), credentials.user(), credentials.password(), true)));
    }

    private Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superuserPassword);
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a database or role name: " + name);
        }
        return '"' + name + '"';
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
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
