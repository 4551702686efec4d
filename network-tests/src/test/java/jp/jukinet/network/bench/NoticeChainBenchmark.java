package jp.jukinet.network.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.network.BenchmarkNetwork;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Measures the notice chain on this machine, all tiers in one JVM over mutual TLS, PostgreSQL 17
 * with durable commits (fsync on): the single-row INSERT-with-commit rate of the same PostgreSQL,
 * the chain's sustained throughput from CS commit to national commit, the clerks' registration
 * rate, and the CS-commit-to-national-commit latency at a moderate offered rate.
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && ./mvnw -B -q -pl network-tests exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=jp.jukinet.network.bench.NoticeChainBenchmark
 * -Djukinet.test.postgres.durable=true}. Results are printed and appended as Markdown to
 * {@code target/benchmark-notice-chain.md}; with {@code -Dbench.result=FILE} (as {@code ./bench notice-chain} runs
 * it) also written there as a {@link BenchmarkResult}, every figure beside its raw limit: the INSERT + commit
 * rate for the rates, one INSERT + commit's latency under the same clients for the latencies.
 */
public final class NoticeChainBenchmark {

    private static final List<String> CSS = List.of("131016", "131130");

    public static void main(String[] args) throws Exception {
        System.setProperty("jukinet.test.postgres.durable", System.getProperty("jukinet.test.postgres.durable", "true"));
        int backlog = Integer.getInteger("bench.backlog", 20_000);
        int clients = Integer.getInteger("bench.clients", 8);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        StringBuilder report = new StringBuilder();
        BenchmarkResult.Builder result = BenchmarkResult.builder("notice-chain")
                .setting(String.format("backlog %,d notices", backlog)).setting(clients + " clients")
                .setting(window.toSeconds() + " s per measured rate").setting("durable PostgreSQL: "
                        + Boolean.getBoolean("jukinet.test.postgres.durable"));

        List<Long> insertLatencies = new ArrayList<>();
        double insertRate = insertCommitRate(clients, window, insertLatencies);
        Collections.sort(insertLatencies);
        line(report, "PostgreSQL single-row INSERT + commit, %d clients, prepared: **%.0f rows/s** (p50 %.2f ms, p99 %.2f ms)",
                clients, insertRate, percentile(insertLatencies, 50) / 1e6, percentile(insertLatencies, 99) / 1e6);
        String rawRate = "PostgreSQL single-row INSERT + commit, " + clients + " JDBC clients, prepared, same server";

        try (BenchmarkNetwork network = BenchmarkNetwork.start(CSS)) {
            List<String> residents = births(network, 400);

            // 1. the chain's capacity: a backlog committed at the CSs while the prefecture is down,
            //    then the time until the national server has committed all of it
            network.stop("pref-13");
            long backlogStart = System.nanoTime();
            int registered = register(network, residents, backlog, clients, Integer.MAX_VALUE);
            double registrationRate = registered / seconds(System.nanoTime() - backlogStart);
            line(report, "Clerk registrations over HTTPS (mTLS), %d clients, closed loop: **%.0f registrations/s**",
                    clients, registrationRate);
            result.figure(Figure.rate("clerk registrations through the gateway, " + clients + " clients, closed loop",
                    registrationRate, "registrations/s", insertRate, "rows/s", rawRate + " (a registration writes four rows)"));
            long nationalBefore = network.nationalHistory();
            Instant drainStart = Instant.now();
            network.start("pref-13");
            network.awaitNational(nationalBefore + registered, Duration.ofMinutes(10));
            double chainRate = registered / seconds(Duration.between(drainStart, Instant.now()).toNanos());
            line(report, "Chain throughput, backlog of %d notices, CS outbox → prefecture → national commit: "
                    + "**%.0f notices/s** (%.2f × the INSERT+commit rate)", registered, chainRate, chainRate / insertRate);
            result.figure(Figure.rate(String.format("chain throughput, backlog of %,d: CS outbox → prefecture → national commit",
                    registered), chainRate, "notices/s", insertRate, "rows/s", rawRate
                    + " (a notice writes about ten rows across the chain)"));

            // 2. latency at moderate, steady offered rates
            for (String rate : System.getProperty("bench.rates", "100,200,400").split(",")) {
                int perSecond = Integer.parseInt(rate.trim());
                Instant since = Instant.now();
                int sent = register(network, residents, perSecond * (int) window.toSeconds(), clients, perSecond);
                double achieved = sent / (Duration.between(since, Instant.now()).toNanos() / 1e9);
                network.awaitNational(network.nationalHistory(), Duration.ofMinutes(2));
                List<Long> latencies = new ArrayList<>(network.latenciesMillis(since));
                Collections.sort(latencies);
                line(report, "CS commit → national commit at %d registrations/s offered (%.0f/s achieved, %d notices): "
                                + "p50 **%d ms**, p99 **%d ms**, max %d ms", perSecond, achieved, sent,
                        percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
                String at = String.format(" at %d/s offered (%.0f/s achieved)", perSecond, achieved);
                String rawLatency = "one INSERT + commit of the raw run, %s, " + clients + " clients (a notice takes at "
                        + "least two commits, at the CS and at J-LIS)";
                result.figure(Figure.time("CS commit → national commit, p50" + at, percentile(latencies, 50), "ms",
                        percentile(insertLatencies, 50) / 1e6, "ms", String.format(rawLatency, "p50")));
                result.figure(Figure.time("CS commit → national commit, p99" + at, percentile(latencies, 99), "ms",
                        percentile(insertLatencies, 99) / 1e6, "ms", String.format(rawLatency, "p99")));
            }
            // the nodes run with the shipped limits: the chain must never reach them
            line(report, "Requests the gateway refused for a limit (429) during the run: %s",
                    network.gatewayRefusals().isEmpty() ? "none" : network.gatewayRefusals());
            result.note("Requests the gateway refused for a limit (429): "
                    + (network.gatewayRefusals().isEmpty() ? "none" : network.gatewayRefusals()) + ".");
        }
        result.build().writeIfAsked();
        System.out.println(report);
        Path out = Path.of("target", "benchmark-notice-chain.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "## " + Instant.now() + "\n\n" + report + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.exit(0);
    }

    /** INSERT + commit rate of {@code clients}; each one's latency (ns) is added to {@code latencies}. */
    private static double insertCommitRate(int clients, Duration window, List<Long> latencies) throws Exception {
        TestDatabase database = TestPostgres.createDatabase("bench_insert");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id uuid PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL)");
        }
        AtomicLong rows = new AtomicLong();
        long deadline = System.nanoTime() + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                        database.password());
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, now())")) {
                    List<Long> mine = new ArrayList<>();
                    long now;
                    while ((now = System.nanoTime()) < deadline) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, "住所" + ThreadLocalRandom.current().nextInt());
                        insert.executeUpdate();
                        mine.add(System.nanoTime() - now);
                        rows.incrementAndGet();
                    }
                    synchronized (latencies) {
                        latencies.addAll(mine);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return rows.get() / seconds(window.toNanos());
    }

    private static List<String> births(BenchmarkNetwork network, int count) throws Exception {
        List<String> codes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String lg = CSS.get(i % CSS.size());
            futures.add(pool.submit(() -> {
                Map<?, ?> body = network.clerk(lg).post().uri("/api/v1/municipalities/" + lg + "/notifications")
                        .contentType(MediaType.APPLICATION_JSON).body(Map.of("type", "BIRTH", "effectiveDate", "2026-11-20",
                                "person", Map.of("name", Map.of("family", "山田", "given", "花子", "familyKana", "ヤマダ",
                                                "givenKana", "ハナコ"), "dateOfBirth", "2026-11-20", "sex", "FEMALE",
                                        "address", Map.of("text", "東京都千代田区千代田1番1号"))))
                        .retrieve().body(Map.class);
                codes.add(lg + ":" + body.get("residentCode"));
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return codes;
    }

    /** Registers address changes; {@code ratePerSecond} paces them (open loop), MAX_VALUE means as fast as possible. */
    private static int register(BenchmarkNetwork network, List<String> residents, int count, int clients,
                                int ratePerSecond) throws Exception {
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        Map<String, RestClient> clerks = new HashMap<>();
        CSS.forEach(lg -> clerks.put(lg, network.clerk(lg)));
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                int n;
                while ((n = issued.getAndIncrement()) < count) {
                    if (ratePerSecond != Integer.MAX_VALUE) {
                        long due = start + TimeUnit.SECONDS.toNanos(1) * n / ratePerSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing the offered load
                        }
                    }
                    String[] resident = residents.get(ThreadLocalRandom.current().nextInt(residents.size())).split(":");
                    clerks.get(resident[0]).post().uri("/api/v1/municipalities/" + resident[0] + "/notifications")
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(Map.of("type", "MOVE_WITHIN", "effectiveDate", "2026-11-20", "residentCode", resident[1],
                                    "person", Map.of("address", Map.of("text", "住所" + n))))
                            .retrieve().toBodilessEntity();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return done.get();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.append("- ").append(text).append('\n');
    }
}
