package jp.jukinet.network.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.web.client.RestClient;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.network.ProvisionNetwork;
import jp.jukinet.testsupport.LookupLoad;

/**
 * Measures provision through the gateway, every hop over mutual TLS, PostgreSQL 17 with durable
 * commits: the raw primary-key lookup rate of the same PostgreSQL (prepared, same client count),
 * single lookups through the gateway (rule check, provision record), the same lookups straight to
 * the national server (the gateway hop alone), and a streamed NDJSON batch.
 *
 * <p>Run: {@code ./mvnw -B -q install -DskipTests && ./mvnw -B -q -pl network-tests exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=jp.jukinet.network.bench.ProvisionBenchmark}; the
 * population size is {@code -Dbench.residents} (default 1,000,000). With {@code -Dbench.result=FILE} (as
 * {@code ./bench provision} runs it) the figures are also written there as a {@link BenchmarkResult}, each beside
 * its raw limit of the same run: the primary-key lookup rate for single lookups and the HTTP floor, and the same
 * codes read by PostgreSQL on one connection, 1,000 a statement, for the batch.
 */
public final class ProvisionBenchmark {

    private static final String BASIS = LookupLoad.BASIS;

    public static void main(String[] args) throws Exception {
        System.setProperty("jukinet.test.postgres.durable", System.getProperty("jukinet.test.postgres.durable", "true"));
        int residents = Integer.getInteger("bench.residents", 1_000_000);
        int clients = Integer.getInteger("bench.clients", 8);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
        StringBuilder report = new StringBuilder();
        BenchmarkResult.Builder result = BenchmarkResult.builder("provision")
                .setting(String.format("%,d residents", residents)).setting(clients + " clients")
                .setting(window.toSeconds() + " s per rate after " + Integer.getInteger("bench.warmup", 10)
                        + " s of warm-up per path")
                .setting(Boolean.getBoolean("bench.processes") ? "gateway and national server in their own JVMs"
                        : "client, gateway and national server in one JVM")
                .setting("durable PostgreSQL: " + Boolean.getBoolean("jukinet.test.postgres.durable"));
        String rawIs = "PostgreSQL primary-key select of the identity on the national database, prepared, " + clients
                + " JDBC clients";
        try (ProvisionNetwork network = ProvisionNetwork.start()) {
            long loadStart = System.nanoTime();
            List<String> codes = network.populate(residents);
            line(report, "Population: %,d residents loaded into the national register in %.0f s (COPY)", residents,
                    (System.nanoTime() - loadStart) / 1e9);

            double raw = rawLookups(network, codes, clients, window);
            line(report, "PostgreSQL primary-key lookup, %d clients, prepared: **%.0f lookups/s**", clients, raw);

            // every HTTP path once, unmeasured, so that none is measured while the JIT compiles it
            Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 10));
            progress("warming up");
            httpLookups(() -> network.agencyThroughGateway("agency-nenkin"), codes, clients, warmup);
            httpLookups(network::nationalAsGateway, codes, clients, warmup);
            httpRate(() -> network.agencyThroughGateway("agency-nenkin"), clients, warmup.dividedBy(4),
                    ProvisionBenchmark::readRules);
            batch(network, codes, Math.min(codes.size(), 100_000));

            progress("measuring single lookups through the gateway");
            double through = httpLookups(() -> network.agencyThroughGateway("agency-nenkin"), codes, clients, window);
            line(report, "Single lookups through the gateway (mTLS both hops, rule check, provision record), %d clients: "
                    + "**%.0f lookups/s** (%.3f × the raw lookup rate)", clients, through, through / raw);

            progress("measuring single lookups straight to the national server");
            double direct = httpLookups(network::nationalAsGateway, codes, clients, window);
            line(report, "The same lookups straight to the national server (mTLS, no gateway hop): **%.0f lookups/s** "
                    + "— the gateway hop costs %.0f%% of the throughput", direct, 100 * (1 - through / direct));
            result.figure(Figure.rate("single lookups through the gateway (mTLS both hops, rule check, provision record)",
                    through, "lookups/s", raw, "lookups/s", rawIs));
            result.figure(Figure.rate("the same straight to the national server (no gateway hop)", direct, "lookups/s",
                    raw, "lookups/s", rawIs));

            // the floor of the HTTP path: the same stack and hops with no database behind them
            progress("measuring the provision-rules floor");
            double rulesThrough = httpRate(() -> network.agencyThroughGateway("agency-nenkin"), clients, window,
                    ProvisionBenchmark::readRules);
            double rulesDirect = httpRate(network::nationalAsGateway, clients, window, ProvisionBenchmark::readRules);
            line(report, "The HTTP floor — `GET provision-rules` (no database: the caller's rules as JSON), %d clients: "
                    + "**%.0f requests/s** through the gateway (%.3f × the raw lookup rate), %.0f/s straight to the "
                    + "national server", clients, rulesThrough, rulesThrough / raw, rulesDirect);
            result.figure(Figure.rate("HTTP floor: `GET provision-rules` through the gateway (no database)", rulesThrough,
                    "requests/s", raw, "lookups/s", rawIs));
            result.figure(Figure.rate("HTTP floor straight to the national server", rulesDirect, "requests/s", raw,
                    "lookups/s", rawIs));
            result.note(String.format("The gateway hop costs %.0f%% of single lookups; a lookup through the gateway is "
                    + "%.2f of the HTTP floor through the gateway.", 100 * (1 - through / direct), through / rulesThrough));

            int batch = Math.min(residents, Integer.getInteger("bench.batch", 1_000_000));
            long before = usedHeap();
            long[] peak = {before};
            Thread sampler = heapSampler(peak);
            progress("measuring the batch");
            Instant start = Instant.now();
            long answered = batch(network, codes, batch);
            double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
            sampler.interrupt();
            line(report, "Batch lookup of %,d residents through the gateway, NDJSON streamed both ways: %,d answers in "
                            + "%.1f s, **%.0f records/s**; heap in use %d MB before, peak %d MB during (%s)", batch,
                    answered, seconds, answered / seconds, before >> 20, peak[0] >> 20,
                    Boolean.getBoolean("bench.processes") ? "the load generator's JVM; the nodes run in their own"
                            : "all nodes and the client share one JVM");
            progress("measuring the batch's raw limit");
            long rawStart = System.nanoTime();
            long rawRows;
            try (java.sql.Connection connection = DriverManager.getConnection(network.nationalJdbcUrl(), "postgres", "")) {
                rawRows = LookupLoad.rawBatch(connection, codes, batch);
            }
            double rawBatch = rawRows / ((System.nanoTime() - rawStart) / 1e9);
            line(report, "The batch's raw limit: the same %,d codes read by PostgreSQL on one connection, 1,000 a "
                    + "statement: **%.0f rows/s**", batch, rawBatch);
            result.figure(Figure.rate(String.format("batch of %,d through the gateway, NDJSON both ways", batch),
                    answered / seconds, "records/s", rawBatch, "rows/s", "the same codes read by PostgreSQL on one "
                            + "connection, 1,000 a statement (`= ANY(array)`), after the batch"));
            line(report, "Provision records written: %,d (one per person looked up, refusals included)",
                    network.provisionRecords());
        }
        result.build().writeIfAsked();
        System.out.println(report);
        Path out = Path.of("target", "benchmark-provision.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "## " + Instant.now() + "\n\n" + report + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.exit(0);
    }

    /** Marks the phases on standard output, so that a profiler can be attached to a measured one. */
    private static void progress(String phase) {
        System.out.println(Instant.now() + " " + phase);
    }

    private static double rawLookups(ProvisionNetwork network, List<String> codes, int clients, Duration window)
            throws Exception {
        return LookupLoad.rawLookups(() -> DriverManager.getConnection(network.nationalJdbcUrl(), "postgres", ""), codes,
                clients, window);
    }

    private static double httpLookups(Supplier<RestClient> clientFactory, List<String> codes, int clients,
                                      Duration window) throws Exception {
        return LookupLoad.lookups(clientFactory, BASIS, codes, clients, window);
    }

    private static double httpRate(Supplier<RestClient> clientFactory, int clients, Duration window,
                                   java.util.function.Consumer<RestClient> call) throws Exception {
        return LookupLoad.rate(clientFactory, clients, window, call);
    }

    private static long batch(ProvisionNetwork network, List<String> codes, int size) throws Exception {
        return LookupLoad.batch(network.gatewayUrl(), jp.jukinet.testsupport.TestPki.bundle(
                jp.jukinet.testsupport.TestPki.certificate("agency-nenkin"),
                jp.jukinet.testsupport.TestPki.ca().caCertificatePath()).createSslContext(), BASIS, codes, size);
    }

    private static void readRules(RestClient client) {
        List<?> rules = client.get().uri("/api/v1/national/provision-rules").retrieve().body(List.class);
        if (rules == null || rules.isEmpty()) {
            throw new IllegalStateException("no provision rules for the caller");
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Thread heapSampler(long[] peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], usedHeap());
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // sampling period, not synchronisation
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.append("- ").append(text).append('\n');
    }
}
