package jp.jukinet.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * How fast {@link BulkLoader} puts N residents into every tier, against its raw limit from the same
 * run, and what they take on disk. Not a test (its name does not end in Test): run it as
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests
 * ./mvnw -B -q -pl local-cluster exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=jp.jukinet.cluster.ScaleBenchmark -Djukinet.test.postgres.durable=true \
 *   -Dbench.residents=1000000 -Dbench.raw-residents=1000000
 * </pre>
 *
 * <ol>
 *   <li>The raw limit: the rows a load of {@code bench.raw-residents} people COPYs are written to
 *   files first, then {@code psql \copy} loads them into freshly migrated stores of every node (the
 *   three tiers in parallel, as the loader does), timed; then the loader loads the same people into
 *   other fresh stores, timed. Their ratio is the loader's share of the raw rate (aim ≥ 0.8).</li>
 *   <li>The full load: {@code bench.residents} people into fresh stores, timed, and the size of
 *   every node's database after a CHECKPOINT, per million residents.</li>
 * </ol>
 * Every store is a database of one PostgreSQL server (embedded, or Testcontainers where a Docker
 * engine answers), migrated by the nodes' own Flyway migrations; {@code psql} must be installed
 * (Debian: {@code postgresql-client}). With {@code -Dbench.result=FILE} (as {@code ./bench bulk-load} runs it) the
 * figures are also written there as a {@link BenchmarkResult}, each load beside {@code psql \copy} of the same
 * rows in the same run.
 */
public final class ScaleBenchmark {

    private static final long SEED = 20_261_203L;
    private static final byte[] KEY = new byte[32];
    private static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

    private ScaleBenchmark() {
    }

    /** The databases of one network: node name → store. */
    record Network(Map<String, TestDatabase> databases, BulkLoader.Stores stores) {
    }

    public static void main(String[] args) throws Exception {
        int residents = Integer.getInteger("bench.residents", 1_000_000);
        int raw = Integer.getInteger("bench.raw-residents", Math.min(residents, 1_000_000));
        PrintStream out = System.out;
        BenchmarkResult.Builder result = BenchmarkResult.builder("bulk-load")
                .setting(String.format("%,d residents (raw comparison at %,d)", residents, raw))
                .setting(TestPostgres.server().kind())
                .setting("durable PostgreSQL: " + Boolean.getBoolean("jukinet.test.postgres.durable"));
        String rawIs = "`psql \\copy` of the same rows into fresh stores of all 7 nodes, the three tiers in parallel";
        Duration psql = null;
        out.printf("Scale benchmark: %,d residents (raw comparison at %,d), %s, %d cores%n", residents, raw,
                TestPostgres.server().kind(), Runtime.getRuntime().availableProcessors());

        if (raw > 0) {
            Path files = Files.createTempDirectory("jukinet-scale-copies");
            try {
                new BulkLoader(SEED, KEY, NOW, Period.ofYears(150)).writeCopies(files, raw);
                Network psqlNetwork = network("psql");
                psql = psqlCopy(files, psqlNetwork, false);
                drop(psqlNetwork);
                Network loaderNetwork = network("raw");
                Duration loader = load(loaderNetwork, raw);
                drop(loaderNetwork);
                out.printf("| %,d residents, every tier | psql \\copy of the same rows: %.1f s (%,.0f residents/s) "
                                + "| BulkLoader: %.1f s (%,.0f residents/s) | %.2f of the raw rate |%n", raw,
                        seconds(psql), raw / seconds(psql), seconds(loader), raw / seconds(loader),
                        seconds(psql) / seconds(loader));
                result.figure(Figure.time(String.format("BulkLoader, %,d residents into every tier", raw), seconds(loader),
                        "s", seconds(psql), "s", rawIs));
            } finally {
                deleteRecursively(files);
            }
        }

        Network full = network("full");
        Duration elapsed = load(full, residents);
        Map<String, Long> sizes = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, TestDatabase> node : full.databases().entrySet()) {
            JdbcClient jdbc = jdbc(node.getValue());
            jdbc.sql("CHECKPOINT").update();
            long size = jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single();
            sizes.put(node.getKey() + " (" + jdbc.sql("SELECT count(*) FROM residents").query(Long.class).single()
                    + " residents; largest: " + jdbc.sql("""
                            SELECT string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)), ', ')
                            FROM (SELECT oid, relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
                                  ORDER BY pg_total_relation_size(oid) DESC LIMIT 3) t""").query(String.class).single() + ")",
                    size);
            total += size;
        }
        out.printf("| %,d residents, every tier | BulkLoader: %.1f s (%,.0f residents/s) |%n", residents, seconds(elapsed),
                residents / seconds(elapsed));
        String what = String.format("BulkLoader, %,d residents into every tier (the full load)", residents);
        result.figure(psql != null && raw == residents
                ? Figure.time(what, seconds(elapsed), "s", seconds(psql), "s", rawIs + " (measured above)")
                : Figure.withoutRawLimit(what, seconds(elapsed), "s", false, String.format(
                        "no raw limit at this size: psql was timed at %,d residents", raw)));
        double millions = residents / 1_000_000.0;
        out.printf("| disk, all 7 nodes | %,.0f MiB | %,.0f MiB per million residents |%n", total / 1048576.0,
                total / 1048576.0 / millions);
        for (Map.Entry<String, Long> size : sizes.entrySet()) {
            out.printf("|   %s | %,.0f MiB |%n", size.getKey(), size.getValue() / 1048576.0);
        }
        result.figure(Figure.withoutRawLimit("disk, all 7 nodes, per million residents", total / 1048576.0 / millions,
                "MiB", false, "a size, not a speed: there is no raw counterpart"));
        result.build().writeIfAsked();
        drop(full);
        System.exit(0);
    }

    private static Duration load(Network network, int residents) {
        Instant started = Instant.now();
        new BulkLoader(SEED, KEY, NOW, Period.ofYears(150)).load(network.stores(), residents);
        return Duration.between(started, Instant.now());
    }

    /**
     * The files of each node of {@code network} loaded by psql, tables in the order their foreign keys
     * need; tiers in parallel. Files of nodes not in {@code network} are left alone.
     *
     * @param deleteEach delete each file once loaded (at 10 million residents the files and the
     *                   stores do not fit on the disk together)
     */
    static Duration psqlCopy(Path files, Network network, boolean deleteEach) throws Exception {
        List<String> order = List.of("resident_code_pool_blocks", "resident_code_pool", "resident_code_blocks",
                "allocated_resident_codes", "issued_my_numbers", "residents", "resident_history");
        Map<String, String> columns = Map.of(
                "resident_code_pool_blocks", "(block_id, size, next_position, allocated_at)",
                "resident_code_pool", "(block_id, position, resident_code)",
                "resident_code_blocks", "(block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)",
                "allocated_resident_codes", "(resident_code, municipality, block_id, position, allocated_at)",
                "issued_my_numbers", "(my_number, resident_code, derivation_counter, issued_at, retired_at)",
                "residents", BulkLoader.RESIDENTS.substring(BulkLoader.RESIDENTS.indexOf('(')),
                "resident_history", BulkLoader.HISTORY.substring(BulkLoader.HISTORY.indexOf('(')));
        Map<String, List<String>> byTier = new HashMap<>();
        network.databases().keySet().forEach(node -> byTier.computeIfAbsent(node.substring(0, node.indexOf('-') < 0
                ? node.length() : node.indexOf('-')), tier -> new ArrayList<>()).add(node));
        ExecutorService tiers = Executors.newFixedThreadPool(byTier.size());
        Instant started = Instant.now();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<String> nodes : byTier.values()) {
                running.add(tiers.submit(() -> {
                    for (String node : nodes) {
                        for (String table : order) {
                            Path file = files.resolve(node).resolve(table + ".tsv");
                            if (Files.exists(file)) {
                                psql(network.databases().get(node), "\\copy " + table + " " + columns.get(table)
                                        + " FROM '" + file + "'");
                                if (deleteEach) {
                                    Files.delete(file);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            tiers.shutdownNow();
        }
        return Duration.between(started, Instant.now());
    }

    private static void psql(TestDatabase database, String command) throws IOException, InterruptedException {
        var server = TestPostgres.server();
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", server.host(), "-p", Integer.toString(server.port()), "-U", database.username(),
                "-d", database.name(), "-c", command).inheritIO();
        builder.environment().put("PGPASSWORD", database.password());
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("psql exited with " + exit + " on: " + command);
        }
    }

    static Network network(String label) {
        return network(label, false);
    }

    /**
     * Fresh stores of every node (or of J-LIS alone) on the test server, migrated by the nodes' own
     * migrations.
     */
    static Network network(String label, boolean nationalOnly) {
        Map<String, TestDatabase> databases = new LinkedHashMap<>();
        Map<String, DataSource> prefectures = new HashMap<>();
        Map<String, DataSource> municipalities = new HashMap<>();
        databases.put("national", migrated(label + "_national", "classpath:db/register", "classpath:db/inbox",
                "classpath:db/provision", "classpath:db/subscription", "classpath:db/migration/national"));
        if (nationalOnly) {
            return new Network(databases, new BulkLoader.Stores(dataSource(databases.get("national")), prefectures,
                    municipalities));
        }
        for (String prefecture : List.of("13", "27")) {
            TestDatabase database = migrated(label + "_pref" + prefecture, "classpath:db/register", "classpath:db/outbox",
                    "classpath:db/inbox", "classpath:db/provision", "classpath:db/prefecture");
            databases.put("pref-" + prefecture, database);
            prefectures.put(prefecture, dataSource(database));
        }
        for (Topology.Municipality municipality : Topology.MUNICIPALITIES) {
            TestDatabase database = migrated(label + "_cs" + municipality.code(), "classpath:db/register",
                    "classpath:db/outbox", "classpath:db/inbox", "classpath:db/peer", "classpath:db/migration/cs");
            databases.put("cs-" + municipality.code(), database);
            municipalities.put(municipality.code(), dataSource(database));
        }
        return new Network(databases, new BulkLoader.Stores(dataSource(databases.get("national")), prefectures, municipalities));
    }

    private static TestDatabase migrated(String prefix, String... locations) {
        TestDatabase database = TestPostgres.createDatabase(prefix);
        Flyway.configure().dataSource(dataSource(database)).locations(locations).load().migrate();
        return database;
    }

    static void drop(Network network) {
        var server = TestPostgres.server();
        JdbcClient admin = JdbcClient.create(new DriverManagerDataSource(server.jdbcUrl("postgres"), server.username(),
                server.password()));
        for (TestDatabase database : network.databases().values()) {
            admin.sql("DROP DATABASE " + database.name() + " WITH (FORCE)").update();
        }
    }

    private static DataSource dataSource(TestDatabase database) {
        return new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
    }

    private static JdbcClient jdbc(TestDatabase database) {
        return JdbcClient.create(dataSource(database));
    }

    static double seconds(Duration duration) {
        return Math.max(0.001, duration.toMillis() / 1000.0);
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
