package jp.jukinet.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.admin.JukinetAdmin;
import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.cluster.ScaleTable.Kind;
import jp.jukinet.cluster.ScaleTable.Row;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.testsupport.LookupLoad;
import jp.jukinet.testsupport.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scale harness of issue #15: at each N of {@code -Dbench.residents} (e.g.
 * {@code 100000,1000000,10000000}) it starts the local network ({@link LocalCluster}: every node,
 * the gateway, one durable PostgreSQL 17 under {@code target/scale-harness}), loads N residents
 * into every tier ({@link BulkLoader}), and measures, each beside its raw limit from the same run:
 * <ol>
 *   <li><b>the load</b>, against {@code psql \copy} of the same rows into fresh stores
 *   ({@link ScaleBenchmark}'s, on the test server of {@link TestPostgres}, durable);</li>
 *   <li><b>single and batch lookups</b> at J-LIS through the gateway as an agency
 *   ({@link LookupLoad}, as {@code ProvisionBenchmark}), against the same reads by PostgreSQL
 *   directly on J-LIS's database;</li>
 *   <li><b>the consistency check</b> (整合性確認) of each prefecture and of the whole network, through
 *   the operator's tool ({@code ./jukinet admin check}), against the digest SQL
 *   ({@link RegisterDigests}) run directly on the three tiers' databases for the same
 *   municipalities;</li>
 *   <li><b>the national rebuild</b>: J-LIS's database dropped, J-LIS started on an empty one and
 *   rebuilt from the prefectures ({@code ./jukinet admin rebuild start}), its counts compared with
 *   those before, against {@code psql \copy} of J-LIS's rows of the load into an empty national
 *   store.</li>
 * </ol>
 * It prints a markdown table (and, over several N, how each figure grew) and writes it to
 * {@code target/scale-harness.md}. Each N gets a fresh network, deleted at the end of its run.
 * <p>A run at 10 million takes longer than one sitting can promise (hours on two cores), so the harness
 * works in stages (the load's raw limit, the load, the lookups, the check, the rebuild's raw limit, the
 * rebuild) and keeps, after each,
 * what it measured and where it stands in {@code target/scale-harness/state.json}, and the network of
 * the unfinished N in {@code target/scale-harness/var}. With {@code -Dbench.resume=true} it starts
 * from there: an N already measured is skipped, and an unfinished N's network is started again on its
 * data and goes on with the first stage not done (a stage cut short is run again from its start; a
 * load cut short starts from empty stores, a rebuild cut short from an empty J-LIS). Without it, every
 * N is measured afresh. An N's network is deleted once all its stages are done.
 *
 * <p>Not a test (its name does not end in Test, so {@code ./mvnw verify} leaves it); run it from the
 * repository's root as {@code docs/scale-harness.sh 100000,1000000} (which compiles the reactor,
 * without installing anything, and runs this class with {@code -Djukinet.test.postgres.durable=true}).
 *
 * <p>Options: {@code bench.clients} (8), {@code bench.seconds} per rate (15), {@code bench.warmup} and
 * {@code bench.warmup-max} the shortest and longest warm-up before the lookups (10, 240: it warms up
 * until the JIT is quiet),
 * {@code bench.batch} the largest batch (1,000,000), {@code bench.port-offset} (700: beside a
 * {@code ./jukinet} on the default ports). {@code psql} must be installed (Debian:
 * {@code postgresql-client}). Disk: about 6 GiB per million residents for the network, and the raw
 * load's files and stores before it (deleted as they are loaded).
 */
public final class ScaleHarness {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PREFECTURES = List.of("pref-13", "pref-27");
    /**
     * The settings of both PostgreSQL servers (the network's and the raw loads'), as one would run a
     * store that takes millions of rows at once: with the default 1GB of WAL between checkpoints a 10M
     * load requests a checkpoint every few seconds (37 in J-LIS's first 17.5M rows), each followed by
     * whole index pages written into the WAL again. Both sides of every ratio run with them.
     */
    static final Map<String, String> SERVER_SETTINGS = Map.of("max_wal_size", "4GB", "checkpoint_timeout", "30min");

    private final ScaleTable table = new ScaleTable();
    private final int clients = Integer.getInteger("bench.clients", 8);
    private final Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    private final Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 10));
    private final int largestBatch = Integer.getInteger("bench.batch", 1_000_000);
    private final int portOffset = Integer.getInteger("bench.port-offset", 700);
    private final Path work = Path.of("target", "scale-harness").toAbsolutePath();
    private final Path report = Path.of("target", "scale-harness.md").toAbsolutePath();
    private final Path stateFile;
    private final State state;

    private ScaleHarness(Path stateFile, State state) {
        this.stateFile = stateFile;
        this.state = state;
        state.rows.forEach(saved -> table.add(saved.row()));
    }

    public static void main(String[] args) throws Exception {
        // the raw loads' server: durable like the cluster's, unless asked otherwise
        System.setProperty("jukinet.test.postgres.durable", System.getProperty("jukinet.test.postgres.durable", "true"));
        List<Integer> sizes = sizes(System.getProperty("bench.residents", "100000"));
        // bench.state: where the state is kept; a file outside target/ survives a clean, or a new machine
        // (the figures of a stage carry over; a network does not, so a stage not done starts on empty stores)
        Path stateFile = Path.of(System.getProperty("bench.state", "target/scale-harness/state.json")).toAbsolutePath();
        boolean resume = Boolean.getBoolean("bench.resume");
        ScaleHarness harness = new ScaleHarness(stateFile,
                resume && Files.exists(stateFile) ? readState(stateFile) : new State());
        int status = 0;
        try {
            for (int residents : sizes) {
                harness.run(residents);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.println();
        System.out.println(harness.table.markdown());
        System.out.println("Written to " + harness.report);
        if (status == 0) {
            result(sizes, harness.table.rows()).writeIfAsked();
        }
        System.exit(status);
    }

    /** The table's rows as {@code ./bench} reads them ({@code -Dbench.result=FILE}): each figure beside its raw limit. */
    static BenchmarkResult result(List<Integer> sizes, List<Row> rows) {
        BenchmarkResult.Builder result = BenchmarkResult.builder("scale-harness")
                .setting("N = " + String.join(", ", sizes.stream().map(n -> String.format("%,d", n)).toList()))
                .setting("both PostgreSQL servers durable, with " + new java.util.TreeMap<>(SERVER_SETTINGS));
        for (Row row : rows) {
            String what = String.format("N=%,d: %s", row.residents(), row.figure());
            String unit = row.kind() == Kind.SECONDS ? "s" : "/s";
            String rawIs = row.rawLimit() + (row.note().isEmpty() ? "" : " — " + row.note());
            result.figure(Double.isNaN(row.raw())
                    ? Figure.withoutRawLimit(what, row.value(), unit, row.kind() == Kind.PER_SECOND,
                            "no raw limit measured" + (row.note().isEmpty() ? "" : " — " + row.note()))
                    : new Figure(what, row.value(), unit, row.kind() == Kind.PER_SECOND, row.raw(), unit, rawIs));
        }
        return result.build();
    }

    /** {@code 100000,1000000} (underscores and grouping commas in a size allowed: {@code 1_000_000}). */
    static List<Integer> sizes(String property) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : property.split("[,;\\s]+")) {
            if (!size.isBlank()) {
                int n = Integer.parseInt(size.replace("_", ""));
                if (n < 1_000) {
                    throw new IllegalArgumentException("bench.residents: each N must be at least 1,000; got " + n);
                }
                sizes.add(n);
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("bench.residents names no N");
        }
        return sizes;
    }

    /** The stages of one N, in order; each is kept in the state once done. */
    private static final String RAW = "raw loads", LOAD = "load", LOOKUPS = "lookups", CHECK = "check",
            RAW_NATIONAL = "raw national", REBUILD = "rebuild";

    private void run(int residents) throws Exception {
        if (state.completed.contains((long) residents)) {
            progress("N = %,d: measured by an earlier run (%s), skipped", residents, stateFile);
            return;
        }
        Path var = work.resolve("var");
        ClusterOptions options;
        Unfinished at = state.network;
        if (at != null && at.residents == residents) {
            progress("N = %,d: resuming after %s", residents, at.done.isEmpty() ? "no stage" : String.join(", ", at.done));
            options = new ClusterOptions(var, 0, 0, ClusterOptions.DEFAULT_SEED, !at.done.contains(LOAD), portOffset);
            if (at.rebuildStarted && !at.done.contains(REBUILD)) {
                emptyNational(options);
            }
        } else {
            // a fresh N: no figures of an earlier attempt at it, no network of another N
            at = new Unfinished();
            at.residents = residents;
            at.now = Instant.now().toString();
            state.network = at;
            state.rows.removeIf(saved -> saved.residents() == residents);
            table.removeResidents(residents);
            options = new ClusterOptions(var, 0, 0, ClusterOptions.DEFAULT_SEED, true, portOffset);
            save();
        }
        Unfinished network = at;
        progress("N = %,d: starting the network (%s, %d cores)", residents, TestPostgres.server().kind(),
                Runtime.getRuntime().availableProcessors());
        LocalCluster cluster = LocalCluster.start(options, System.out);
        boolean finished = false;
        try {
            cluster.postgres().alterSystem(SERVER_SETTINGS);
            rawServerSettings();
            // the load generator is one agency far beyond an agency's limits: the gateway gives it the benchmark's
            cluster.stopNode("gateway");
            cluster.startNode("gateway", LookupLoad.BENCHMARK_AGENCY_LIMITS);

            Instant now = Instant.parse(network.now);
            stage(network, RAW, () -> rawLoad(cluster, now, network));
            stage(network, LOAD, () -> load(cluster, now, residents, network.rawLoad));
            stage(network, LOOKUPS, () -> lookups(cluster, residents));
            stage(network, CHECK, () -> consistencyCheck(cluster, residents));
            // the rebuild's raw limit beside the rebuild: at 10M the run spans sessions, and machines differ
            stage(network, RAW_NATIONAL, () -> rawNational(cluster, now, network));
            stage(network, REBUILD, () -> rebuild(cluster, residents, network));
            finished = true;
        } finally {
            cluster.close();
            if (finished) {
                ScaleBenchmark.deleteRecursively(var);
                state.network = null;
                state.completed.add((long) residents);
                save();
            } else {
                progress("N = %,d not finished: its network is kept in %s for -Dbench.resume=true (delete the directory "
                        + "to free its disk)", residents, var);
            }
            write();
        }
    }

    /** {@link #SERVER_SETTINGS} on the raw loads' server (the test server of {@link TestPostgres}). */
    private static void rawServerSettings() throws java.sql.SQLException {
        jp.jukinet.testsupport.PostgresServer server = TestPostgres.server();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                server.password()); java.sql.Statement statement = admin.createStatement()) {
            for (Map.Entry<String, String> setting : SERVER_SETTINGS.entrySet()) {
                statement.execute("ALTER SYSTEM SET " + setting.getKey() + " = '" + setting.getValue() + "'");
            }
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * Stages not to run now ({@code -Dbench.skip-stages=raw national}): their figures stay as an earlier run
     * left them, and they are not marked done. For a session too short for every stage: the rebuild's raw
     * limit from an earlier session (another machine: the report must say so).
     */
    private final List<String> skipped = List.of(System.getProperty("bench.skip-stages", "").split("\\s*,\\s*"));

    /** Runs {@code body} unless an earlier run did; then keeps that it is done, with what it measured. */
    private void stage(Unfinished network, String name, Callable<?> body) throws Exception {
        if (network.done.contains(name)) {
            progress("%s: measured by an earlier run", name);
            return;
        }
        if (skipped.contains(name)) {
            progress("%s: skipped (bench.skip-stages); its figures stay as an earlier run left them", name);
            return;
        }
        body.call();
        network.done.add(name);
        save();
    }

    /** A rebuild cut short left J-LIS half rebuilt: it starts again on an empty store. */
    private static void emptyNational(ClusterOptions options) {
        ClusterPostgres.stopOrphan(options.postgresDirectory(), System.out);
        try (ClusterPostgres postgres = ClusterPostgres.start(options.postgresDirectory(),
                new Topology(options.portOffset()).postgresPort(), ClusterSecrets.open(options.secretsDirectory()))) {
            progress("a rebuild was cut short: J-LIS's database dropped, to start on an empty one");
            postgres.dropDatabase("national");
        }
    }

    /** Writes the state (every figure so far, and where the unfinished N stands) and the report. */
    private void save() throws IOException {
        state.rows = new ArrayList<>(table.rows().stream().map(SavedRow::of).toList());
        writeState(stateFile, state);
        write();
    }

    /** Writes {@code state} whole or not at all (a kill mid-write leaves the previous state). */
    static void writeState(Path file, State state) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + ".new");
        JSON.writeValue(written.toFile(), state);
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static State readState(Path file) {
        return JSON.readValue(file.toFile(), State.class);
    }

    /** What the harness keeps between invocations ({@code bench.resume}). */
    static final class State {
        public List<SavedRow> rows = new ArrayList<>();
        /** The N every stage of which is measured. */
        public List<Long> completed = new ArrayList<>();
        /** The N under way, whose network is in {@code var}; null when none. */
        public Unfinished network;
    }

    /** Where an unfinished N stands. */
    static final class Unfinished {
        public long residents;
        /** The instant the load's rows are dated (the raw loads and the load write the same rows). */
        public String now;
        public List<String> done = new ArrayList<>();
        public double rawLoad;
        public double rawNational;
        /** J-LIS's counts before the rebuild dropped it. */
        public Map<String, Long> nationalCounts;
        public boolean rebuildStarted;
    }

    /** A row as kept: JSON has no NaN, so a missing raw limit is null. */
    record SavedRow(long residents, String figure, Kind kind, double value, Double raw, String rawLimit, String note) {

        static SavedRow of(Row row) {
            return new SavedRow(row.residents(), row.figure(), row.kind(), row.value(),
                    Double.isNaN(row.raw()) ? null : row.raw(), row.rawLimit(), row.note());
        }

        Row row() {
            return new Row(residents, figure, kind, value, raw == null ? Double.NaN : raw, rawLimit, note);
        }
    }

    /** The load's raw limit: {@code psql \copy} of every node's rows into fresh stores, the three tiers in parallel. */
    private Void rawLoad(LocalCluster cluster, Instant now, Unfinished network) throws Exception {
        Path files = copies(cluster, now, network);
        try {
            progress("psql \\copy of every node's rows into fresh stores");
            ScaleBenchmark.Network all = ScaleBenchmark.network("scale_raw");
            try {
                network.rawLoad = seconds(ScaleBenchmark.psqlCopy(files, all, true));
            } finally {
                ScaleBenchmark.drop(all);
            }
            return null;
        } finally {
            ScaleBenchmark.deleteRecursively(files);
        }
    }

    /** The rebuild's raw limit: {@code psql \copy} of J-LIS's rows of the load into an empty national store. */
    private Void rawNational(LocalCluster cluster, Instant now, Unfinished network) throws Exception {
        Path files = copies(cluster, now, network);
        try {
            progress("psql \\copy of J-LIS's rows into an empty national store");
            ScaleBenchmark.Network national = ScaleBenchmark.network("scale_raw_national", true);
            try {
                network.rawNational = seconds(ScaleBenchmark.psqlCopy(files, national, false));
            } finally {
                ScaleBenchmark.drop(national);
            }
            return null;
        } finally {
            ScaleBenchmark.deleteRecursively(files);
        }
    }

    /** The rows the load COPYs, written to files (the same people: the N's {@code now} is in the state). */
    private Path copies(LocalCluster cluster, Instant now, Unfinished network) throws Exception {
        Path files = work.resolve("copies");
        ScaleBenchmark.deleteRecursively(files);
        progress("writing the load's rows to files");
        cluster.bulkLoader(now).writeCopies(files, (int) network.residents);
        return files;
    }

    private Void load(LocalCluster cluster, Instant now, int residents, double rawLoad) {
        progress("BulkLoader: %,d residents into every tier", residents);
        BulkLoader.Report loaded = cluster.bulkLoader(now).load(cluster.stores(), residents);
        cluster.awaitAgreement(Duration.ofMinutes(10));
        long bytes = 0;
        for (Topology.Node node : cluster.topology().nodes()) {
            if (node.database().isPresent()) {
                bytes += cluster.database(node.name()).sql("SELECT pg_database_size(current_database())")
                        .query(Long.class).single();
            }
        }
        table.add(new Row(residents, "load, every tier (BulkLoader)", Kind.SECONDS, seconds(loaded.elapsed()),
                rawLoad, "`psql \\copy` of the same rows into fresh stores, the three tiers in parallel",
                String.format(java.util.Locale.ROOT, "%,.0f MiB on disk, all 7 nodes (%,.0f MiB per million)",
                        bytes / 1048576.0, bytes / 1048576.0 / (residents / 1e6))));
        // as autovacuum would leave the tables after a while: visibility map (index-only scans) and statistics
        progress("VACUUM ANALYZE of every node");
        Instant started = Instant.now();
        for (Topology.Node node : cluster.topology().nodes()) {
            if (node.database().isPresent()) {
                cluster.database(node.name()).sql("VACUUM ANALYZE").update();
            }
        }
        table.add(new Row(residents, "VACUUM ANALYZE after the load, every node", Kind.SECONDS,
                seconds(Duration.between(started, Instant.now())), Double.NaN, "—",
                "not part of the load; run so that the figures below do not depend on when autovacuum ran"));
        return null;
    }

    private Void lookups(LocalCluster cluster, int residents) throws Exception {
        int sample = Math.min(residents, largestBatch);
        // pages drawn at random (not a scan of the whole table, which at 10 million is minutes)
        double percent = Math.min(100.0, 105.0 * sample / residents);
        List<String> codes = new ArrayList<>(cluster.database("national")
                .sql("SELECT resident_code FROM residents TABLESAMPLE SYSTEM (" + percent + ") REPEATABLE (15)")
                .query(String.class).list().stream().map(String::trim).toList());
        Collections.shuffle(codes, new java.util.Random(residents));
        int batch = Math.min(sample, codes.size());
        ClusterPostgres.Credentials national = cluster.postgres().credentials("national");
        String url = cluster.postgres().jdbcUrl("national");
        Callable<Connection> connections = () -> DriverManager.getConnection(url, national.user(), national.password());
        ClusterClients agencies = new ClusterClients(options(cluster).pkiDirectory(), cluster.topology().gateway().baseUrl());
        org.springframework.boot.ssl.SslBundle agency = agencies.bundle(LookupLoad.AGENCY);
        javax.net.ssl.SSLContext tls = agency.createSslContext();
        String gateway = cluster.topology().gateway().baseUrl();
        // the load generator's client is the nodes' own (Apache HttpClient, connections kept with their
        // certificate), as ProvisionBenchmark's: a client that opened a connection per request would measure TLS
        java.util.function.Supplier<org.springframework.web.client.RestClient> client = () ->
                org.springframework.web.client.RestClient.builder().baseUrl(gateway).requestFactory(
                        jp.jukinet.service.web.HttpClientConfiguration.forNodes(
                                        org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder.httpComponents())
                                .build(org.springframework.boot.http.client.HttpClientSettings.ofSslBundle(agency))).build();

        progress("raw primary-key lookups on J-LIS's database, %d clients", clients);
        double raw = LookupLoad.rawLookups(connections, codes, clients, window);
        Duration warmed = warmUp(() -> {
            LookupLoad.lookups(client, LookupLoad.BASIS, codes, clients, Duration.ofSeconds(8));
            LookupLoad.rate(client, clients, Duration.ofSeconds(2), ScaleHarness::readRules);
            LookupLoad.batch(gateway, tls, LookupLoad.BASIS, codes, Math.min(batch, 10_000));
            return null;
        });
        progress("single lookups through the gateway, %d clients", clients);
        double single = LookupLoad.lookups(client, LookupLoad.BASIS, codes, clients, window);
        table.add(new Row(residents, "single lookups at J-LIS through the gateway", Kind.PER_SECOND, single, raw,
                "PostgreSQL primary-key select of the identity on J-LIS's database, prepared, same clients",
                clients + " clients, " + window.toSeconds() + " s each after " + warmed.toSeconds()
                        + " s of warm-up; a provision record per lookup"));

        // the floor of the HTTP path: the same stack and hops with no database behind them
        progress("the HTTP floor: GET provision-rules through the gateway, %d clients", clients);
        double floor = LookupLoad.rate(client, clients, window, ScaleHarness::readRules);
        table.add(new Row(residents, "HTTP floor: `GET provision-rules` through the gateway (no database)",
                Kind.PER_SECOND, floor, raw, "the raw lookup rate above",
                "what the TLS hops and the HTTP stack alone allow on this machine"));

        progress("raw batch read of %,d codes", batch);
        Instant started = Instant.now();
        long rawRows;
        try (Connection connection = connections.call()) {
            rawRows = LookupLoad.rawBatch(connection, codes, batch);
        }
        double rawBatch = rawRows / seconds(Duration.between(started, Instant.now()));
        progress("batch lookup of %,d codes through the gateway", batch);
        started = Instant.now();
        long answered = LookupLoad.batch(gateway, tls, LookupLoad.BASIS, codes, batch);
        double batchRate = answered / seconds(Duration.between(started, Instant.now()));
        // every lookup above left a provision record (F7): what one costs J-LIS's disk, table and indexes
        long provisions = cluster.database("national").sql("SELECT count(*) FROM provision_records")
                .query(Long.class).single();
        long provisionBytes = cluster.database("national")
                .sql("SELECT pg_total_relation_size('provision_records')").query(Long.class).single();
        table.add(new Row(residents, "batch lookup at J-LIS through the gateway (records/s)", Kind.PER_SECOND,
                batchRate, rawBatch, "the same codes read by PostgreSQL on one connection, 1,000 a statement",
                String.format(java.util.Locale.ROOT, "%,d codes, %,d answers; J-LIS then held %,d provision records, "
                        + "%.0f bytes each with their indexes", batch, answered, provisions,
                        provisions == 0 ? 0.0 : (double) provisionBytes / provisions)));
        return null;
    }

    /**
     * Runs {@code round} until the JIT is quiet: eleven applications in one JVM compile for minutes
     * after they start (C2 took a core for over a minute here), and a rate measured meanwhile measures
     * the compiler. Quiet = the compilers used under a tenth of one core over the last round; at least
     * {@code bench.warmup} seconds (10), at most {@code bench.warmup-max} (240).
     *
     * @return how long it warmed up
     */
    private Duration warmUp(Callable<Void> round) throws Exception {
        Duration most = Duration.ofSeconds(Integer.getInteger("bench.warmup-max", 240));
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        Instant started = Instant.now();
        while (true) {
            long compiledBefore = jit.getTotalCompilationTime();
            long roundStarted = System.nanoTime();
            round.call();
            double share = (jit.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - roundStarted) / 1e6);
            Duration elapsed = Duration.between(started, Instant.now());
            progress("warm-up: %d s, the JIT compiled %.0f%% of one core's time in the last round", elapsed.toSeconds(),
                    100 * share);
            if (elapsed.compareTo(most) >= 0 || (share < 0.10 && elapsed.compareTo(warmup) >= 0)) {
                return elapsed;
            }
        }
    }

    private static void readRules(org.springframework.web.client.RestClient client) {
        List<?> rules = client.get().uri("/api/v1/national/provision-rules").retrieve().body(List.class);
        if (rules == null || rules.isEmpty()) {
            throw new IllegalStateException("no provision rules for the caller");
        }
    }

    private Void consistencyCheck(LocalCluster cluster, int residents) {
        Map<String, Duration> raw = new LinkedHashMap<>();
        for (String prefecture : PREFECTURES) {
            progress("digest SQL of %s's municipalities on the three tiers' databases", prefecture);
            Instant started = Instant.now();
            for (Topology.Municipality municipality : Topology.MUNICIPALITIES) {
                if (!prefecture.equals("pref-" + municipality.prefecture())) {
                    continue;
                }
                LocalGovernmentCode lg = LocalGovernmentCode.of(municipality.code());
                String digest = null;
                for (String node : List.of("cs-" + municipality.code(), prefecture, "national")) {
                    String read = new RegisterDigests(cluster.database(node)).digests(lg).summary().digest();
                    if (digest != null && !digest.equals(read)) {
                        throw new IllegalStateException("the digests of " + municipality.code() + " differ at " + node
                                + " after the load");
                    }
                    digest = read;
                }
            }
            raw.put(prefecture, Duration.between(started, Instant.now()));
        }
        for (String prefecture : PREFECTURES) {
            progress("consistency check of %s", prefecture);
            Timed<JsonNode> check = admin(cluster, "check", "--node", prefecture);
            table.add(new Row(residents, "consistency check of " + prefecture + " (its CSs ↔ it ↔ J-LIS)",
                    Kind.SECONDS, seconds(check.elapsed()), seconds(raw.get(prefecture)),
                    "the digest SQL of its municipalities run directly on the CS's, the prefecture's and J-LIS's "
                            + "databases", differences(check)));
        }
        progress("consistency check of the whole network");
        Timed<JsonNode> check = admin(cluster, "check");
        table.add(new Row(residents, "consistency check of the whole network", Kind.SECONDS,
                seconds(check.elapsed()), raw.values().stream().mapToDouble(ScaleHarness::seconds).sum(),
                "the same digest SQL for every municipality, one after another", differences(check)));
        return null;
    }

    private static String differences(Timed<JsonNode> check) {
        return check.exitCode() == 0 ? "every tier equal"
                : "exit " + check.exitCode() + ": " + check.answer().path("differences").asLong() + " differences";
    }

    private Void rebuild(LocalCluster cluster, int residents, Unfinished network) throws IOException {
        List<String> counted = List.of("residents", "resident_history", "issued_my_numbers", "allocated_resident_codes");
        if (network.nationalCounts == null) {
            network.nationalCounts = counts(cluster, counted);
        }
        Map<String, Long> before = network.nationalCounts;
        network.rebuildStarted = true;
        save();
        progress("dropping J-LIS's database");
        cluster.stopNode("national");
        cluster.postgres().dropDatabase("national");
        cluster.postgres().ensureNodeDatabases(List.of("national"));
        Map<String, Object> rebuildSettings = new LinkedHashMap<>();
        rebuildSettings.put("jukinet.national.rebuild.start", true);
        rebuildSettings.put("jukinet.national.rebuild.sources", String.join(",", PREFECTURES));
        rebuildSettings.put("jukinet.national.rebuild.gateway", cluster.topology().gateway().baseUrl());
        cluster.startNode("national", rebuildSettings);
        progress("rebuilding J-LIS from the prefectures");
        Instant started = Instant.now();
        Timed<JsonNode> start = admin(cluster, "rebuild", "start");
        if (start.exitCode() != 0) {
            throw new IllegalStateException("J-LIS did not start its rebuild: " + start.answer());
        }
        // polled through the operator's tool, as an operator would, until the run has an outcome
        JsonNode status = org.awaitility.Awaitility.await("J-LIS's rebuild").atMost(Duration.ofHours(24))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin(cluster, "rebuild", "status").answer().path("rebuild"),
                        answer -> !answer.path("running").asBoolean()
                                && !answer.path("last").path("outcome").asString("").isEmpty());
        Duration waited = Duration.between(started, Instant.now());
        // the run's own start and end (the wait above polls every half second)
        Instant runStarted = instant(status.path("last").path("startedAt"));
        Instant runEnded = instant(status.path("last").path("endedAt"));
        Duration elapsed = runStarted != null && runEnded != null ? Duration.between(runStarted, runEnded) : waited;
        String outcome = status.path("last").path("outcome").asString();
        Map<String, Long> after = counts(cluster, counted);
        List<String> differing = new ArrayList<>();
        before.forEach((name, count) -> {
            if (!count.equals(after.get(name))) {
                differing.add(name + " " + count + " before, " + after.get(name) + " after");
            }
        });
        String note = outcome + String.format(java.util.Locale.ROOT, " (%.1f s from the command to the end)",
                seconds(waited)) + "; " + (differing.isEmpty()
                ? String.format(java.util.Locale.ROOT, "counts equal (%,d residents, %,d history rows, %,d My Numbers, "
                        + "%,d codes)", after.get("residents"), after.get("resident_history"),
                after.get("issued_my_numbers"), after.get("allocated_resident_codes"))
                : "counts differ: " + String.join("; ", differing));
        table.add(new Row(residents, "national rebuild from the prefectures", Kind.SECONDS, seconds(elapsed),
                network.rawNational, "`psql \\copy` of J-LIS's rows of the load into an empty national store", note));
        if (!"REBUILT".equals(outcome) || !differing.isEmpty()) {
            throw new IllegalStateException("the rebuild did not give J-LIS back: " + note);
        }
        return null;
    }

    /** An instant as the actuator writes it: ISO-8601 text, or seconds since the epoch. */
    private static Instant instant(JsonNode node) {
        if (node.isString()) {
            return Instant.parse(node.asString());
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        return null;
    }

    private static Map<String, Long> counts(LocalCluster cluster, List<String> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : tables) {
            counts.put(name, cluster.database("national").sql("SELECT count(*) FROM " + name).query(Long.class).single());
        }
        return counts;
    }

    /** What the operator's tool answered (its JSON) and how long it took. */
    record Timed<T>(int exitCode, T answer, Duration elapsed) {
    }

    /** {@code ./jukinet admin --json ARGS} against the running cluster, timed. */
    private Timed<JsonNode> admin(LocalCluster cluster, String... args) {
        List<String> command = new ArrayList<>(List.of("--network", options(cluster).networkDescription().toString(),
                "--json", "--timeout", "3600"));
        command.addAll(Arrays.asList(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Instant started = Instant.now();
        int exit = JukinetAdmin.execute(command.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        Duration elapsed = Duration.between(started, Instant.now());
        if (exit >= 2) {
            throw new IllegalStateException("jukinet admin " + String.join(" ", args) + " exited " + exit + ": "
                    + err.toString(StandardCharsets.UTF_8));
        }
        return new Timed<>(exit, JSON.readTree(out.toString(StandardCharsets.UTF_8)), elapsed);
    }

    private static ClusterOptions options(LocalCluster cluster) {
        return cluster.options();
    }

    private void write() throws IOException {
        Files.createDirectories(report.getParent());
        Files.writeString(report, "## Scale harness, " + Instant.now() + "\n\nBoth PostgreSQL servers (the network's "
                + "and the raw loads') with " + new java.util.TreeMap<>(SERVER_SETTINGS) + ".\n\n" + table.markdown());
    }

    private static void progress(String format, Object... args) {
        System.out.println(Instant.now() + " scale harness: " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static double seconds(Duration duration) {
        return ScaleBenchmark.seconds(duration);
    }
}
