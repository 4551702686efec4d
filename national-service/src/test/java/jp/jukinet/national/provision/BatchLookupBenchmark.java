package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.provision.ChainVerification;
import jp.jukinet.provision.IdentityLookups;
import jp.jukinet.provision.StoredPerson;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecords;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures batch lookups (not part of the build: the name does not end in Test). Run with
 * <pre>{@code
 * ./mvnw -B -q -pl shared-model,service-support,test-support install -DskipTests
 * ./mvnw -B -pl national-service test -Dtest=BatchLookupBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djukinet.test.postgres.durable=true -Dbench.residents=100000 -DargLine=-Xmx256m
 * }</pre>
 * It puts {@code bench.residents} residents straight into {@code residents}, measures the raw rate
 * of the same primary-key lookups by JDBC ({@code = ANY(array)} in chunks of 1,000, identity JSON
 * read as text), then streams one batch of that many lines (by resident code, rule
 * {@code nenkin-30-9-same-address}) through mutual TLS as the gateway would send it, reading the
 * answer while sending. Every answered line is a provision record, verified afterwards. Heap is
 * sampled every 50 ms: the largest heap in use, and the largest old-generation occupancy after a
 * collection (the live set), which must not grow with the size of the batch. Client, server and
 * PostgreSQL share the machine. {@code -Dtest=BatchLookupBenchmark#singleLookups} measures single
 * lookups instead (see there). With {@code -Dbench.result=FILE} (as {@code ./bench batch-lookup} runs it) what the
 * methods run measured is also written there as a {@link BenchmarkResult}, each figure beside the JDBC reads of
 * the same rows in the same run.
 */
class BatchLookupBenchmark extends MtlsProvisionTest {

    private static final long FIRST = 7_000_000_000L;

    /** What the test methods measured, written once all have run. */
    private static final BenchmarkResult.Builder RESULT = BenchmarkResult.builder("batch-lookup")
            .setting("straight to the national server over mTLS, client and server in one JVM")
            .setting("durable PostgreSQL: " + Boolean.getBoolean("jukinet.test.postgres.durable"));

    @AfterAll
    static void writeResult() {
        RESULT.build().writeIfAsked();
    }

    @Autowired
    JdbcTemplate template;

    @Autowired
    JsonMapper json;

    @Autowired
    ProvisionRecords records;

    @Autowired
    IdentityLookups lookups;

    @Test
    void batchLookups() throws Exception {
        int count = Integer.getInteger("bench.residents", 100_000);
        long insertStart = System.nanoTime();
        BulkResidents.insert(template, json, FIRST, count, serial -> person(serial, "田中", "一郎", "タナカ", "イチロウ",
                LocalDate.of(1950, 1, 1).plusDays(serial % 25_000), serial % 2 == 0 ? Sex.MALE : Sex.FEMALE,
                "東京都千代田区千代田" + (serial % 100) + "番"));
        report("inserted %,d residents in %.1f s", count, seconds(insertStart));

        double raw = rawLookups(count);
        report("raw JDBC primary-key lookups (chunks of 1,000, identity as text): %,.0f rows/s", raw);

        run(Math.min(count, 20_000), "warm-up");
        components(count);
        System.gc();
        long before = recordCount();
        Heap heap = new Heap();
        double jvmCpuBefore = jvmCpuSeconds();
        double postgresCpuBefore = postgresCpuSeconds();
        long start = System.nanoTime();
        long answered = run(count, "measured");
        double elapsed = seconds(start);
        double jvmCpu = jvmCpuSeconds() - jvmCpuBefore;
        double postgresCpu = postgresCpuSeconds() - postgresCpuBefore;
        heap.stop();
        report("batch of %,d lines: %.2f s, %,.0f records/s (%.2f of the raw lookup rate)", answered, elapsed,
                answered / elapsed, answered / elapsed / raw);
        RESULT.figure(Figure.rate(String.format("batch of %,d lines straight to the national server, NDJSON both ways, "
                + "a provision record each", answered), answered / elapsed, "records/s", raw, "rows/s", "the same codes "
                + "read by JDBC, `= ANY(array)` in chunks of 1,000, identity as text, before the batch"));
        report("CPU during the batch: this JVM (client and server) %.2f s, PostgreSQL %.2f s, over %.2f s on %d cores",
                jvmCpu, postgresCpu, elapsed, Runtime.getRuntime().availableProcessors());
        report("heap: max used %,d MiB, max old generation after GC %,d MiB, max heap %,d MiB",
                heap.maxUsed.get() >> 20, heap.maxLiveOld.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertThat(answered).isEqualTo(count);
        assertThat(recordCount()).isEqualTo(before + count);

        long verifyStart = System.nanoTime();
        ChainVerification verification = records.verify();
        report("verified the chain of %,d records in %.1f s: %s", verification.checked(), seconds(verifyStart),
                verification.intact() ? "intact" : verification.summary());
        long transactions = jdbc.sql("SELECT count(DISTINCT xmin::text) FROM provision_records WHERE seq > :before")
                .param("before", before).query(Long.class).single();
        report("the batch's records were appended in %,d transactions", transactions);
        assertThat(verification.intact()).isTrue();
    }

    /**
     * Single lookups, closed loop: {@code bench.clients} clients (default 8) each with its own
     * mutual-TLS connection, for {@code bench.seconds} (default 10), against the same number of
     * JDBC clients doing a prepared single-row primary-key select (pgbench's select-only, here
     * returning the identity JSON as text).
     */
    @Test
    void singleLookups() throws Exception {
        int residents = 10_000;
        int clients = Integer.getInteger("bench.clients", 8);
        long seconds = Long.getLong("bench.seconds", 10);
        long first = FIRST + 50_000_000L;
        BulkResidents.insert(template, json, first, residents, serial -> person(serial, "田中", "二郎", "タナカ", "ジロウ",
                LocalDate.of(1960, 1, 1).plusDays(serial % 20_000), Sex.MALE, "東京都千代田区千代田1番"));
        double raw = closedLoop(clients, seconds, () -> {
            java.sql.Connection connection = template.getDataSource().getConnection();
            PreparedStatement select = connection.prepareStatement(
                    "SELECT identity::text FROM residents WHERE resident_code = ?");
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            return new Op() {
                @Override
                public void run() throws Exception {
                    select.setString(1, ResidentCode.fromSerial(first + random.nextInt(residents)).value());
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        row.getString(1);
                    }
                }

                @Override
                public void close() throws Exception {
                    connection.close();
                }
            };
        });
        report("raw JDBC single-row primary-key selects, %d clients: %,.0f/s", clients, raw);
        double rules = closedLoop(clients, seconds, () -> {
            org.springframework.web.client.RestClient client = through("agency-nenkin");
            return () -> client.get().uri("/api/v1/national/provision-rules").retrieve().body(String.class);
        });
        report("GET provision-rules over mutual TLS (no database), %d clients: %,.0f/s", clients, rules);
        String rawIs = "prepared single-row primary-key select of the identity, " + clients + " JDBC clients";
        RESULT.figure(Figure.rate("HTTP floor: `GET provision-rules` over mTLS (no database), " + clients + " clients",
                rules, "requests/s", raw, "selects/s", rawIs));
        long before = recordCount();
        double lookups = closedLoop(clients, seconds, () -> {
            org.springframework.web.client.RestClient client = through("agency-nenkin");
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            return () -> {
                String body = client.post().uri("/api/v1/national/lookups")
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .body("{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\""
                                + ResidentCode.fromSerial(first + random.nextInt(residents)).value() + "\"}")
                        .retrieve().body(String.class);
                if (body == null || !body.contains("\"PROVIDED\"")) {
                    throw new AssertionError("unexpected answer");
                }
            };
        });
        report("single lookups over mutual TLS (rule check, lookup, provision record committed), %d clients: "
                + "%,.0f/s (%.2f of the raw select rate)", clients, lookups, lookups / raw);
        RESULT.figure(Figure.rate("single lookups over mTLS (rule check, lookup, provision record committed), " + clients
                + " clients", lookups, "lookups/s", raw, "selects/s", rawIs));
        long recorded = recordCount() - before;
        long transactions = jdbc.sql("SELECT count(DISTINCT xmin::text) FROM provision_records WHERE seq > :before")
                .param("before", before).query(Long.class).single();
        report("%,d single lookups recorded in %,d transactions (group commit)", recorded, transactions);
        assertThat(records.verify().intact()).isTrue();
    }

    private interface Op extends AutoCloseable {
        void run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    private interface OpFactory {
        Op open() throws Exception;
    }

    /** Runs one op per client as fast as it completes; returns ops per second over the window after a 2 s warm-up. */
    private static double closedLoop(int clients, long seconds, OpFactory factory) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        AtomicLong done = new AtomicLong();
        long windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                try (Op op = factory.open()) {
                    long now;
                    while ((now = System.nanoTime()) < windowEnd) {
                        op.run();
                        if (now >= windowStart) {
                            done.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> future : futures) {
            future.get(seconds + 60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return done.get() / (double) seconds;
    }

    private long run(int count, String label) throws Exception {
        try (NdjsonDuplexClient client = new NdjsonDuplexClient(port, "/api/v1/national/lookups/batch", "agency-nenkin")) {
            CompletableFuture<Void> sender = client.sendLookupsAsync("nenkin-30-9-same-address", FIRST, count, 64_000);
            assertThat(client.status()).isEqualTo(200);
            long read = 0;
            String line;
            while ((line = client.readLine()) != null) {
                if (!line.contains("\"PROVIDED\"")) {
                    throw new AssertionError(label + ": unexpected answer " + line.substring(0, Math.min(200, line.length())));
                }
                read++;
            }
            sender.get(10, TimeUnit.MINUTES);
            return read;
        }
    }

    /** The server-side parts alone, in chunks of 1,000: lookups (with JSON parsing) and appends to the chain. */
    private void components(int count) {
        List<LookupRequest> chunk = new ArrayList<>(1_000);
        long lookupNanos = 0;
        long appendNanos = 0;
        for (int from = 0; from < count; from += 1_000) {
            chunk.clear();
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                chunk.add(LookupRequest.byResidentCode("nenkin-30-9-same-address", ResidentCode.fromSerial(FIRST + i)));
            }
            long start = System.nanoTime();
            List<List<StoredPerson>> found = lookups.find(chunk);
            lookupNanos += System.nanoTime() - start;
            List<ProvisionRecord> appended = found.stream().map(people -> new ProvisionRecord("agency-bench",
                    "nenkin-30-9-same-address", ResidentCode.of(people.get(0).residentCode()), LookupKey.RESIDENT_CODE,
                    Set.of(IdentityField.NAME, IdentityField.ADDRESS, IdentityField.STATUS), ProvisionOutcome.PROVIDED,
                    null)).toList();
            start = System.nanoTime();
            transactions.executeWithoutResult(status -> records.append(appended));
            appendNanos += System.nanoTime() - start;
        }
        report("server parts alone: lookups (query + stored components read) %,.0f/s, chain appends (1,000 per "
                + "transaction, committed) %,.0f/s", count / (lookupNanos / 1e9), count / (appendNanos / 1e9));
    }

    private double rawLookups(int count) {
        return template.execute((ConnectionCallback<Double>) connection -> {
            long start = System.nanoTime();
            long rows = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT resident_code, identity::text FROM residents WHERE resident_code = ANY(?::char(11)[])")) {
                for (int from = 0; from < count; from += 1_000) {
                    String[] codes = new String[Math.min(1_000, count - from)];
                    for (int i = 0; i < codes.length; i++) {
                        codes[i] = ResidentCode.fromSerial(FIRST + from + i).value();
                    }
                    Array array = connection.createArrayOf("text", codes);
                    select.setArray(1, array);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            row.getString(2);
                            rows++;
                        }
                    }
                    array.free();
                }
            }
            return rows / seconds(start);
        });
    }

    /** Samples the heap until stopped. */
    private static final class Heap {

        final AtomicLong maxUsed = new AtomicLong();
        final AtomicLong maxLiveOld = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        Heap() {
            sampler = new Thread(() -> {
                while (running.get()) {
                    maxUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")
                                && pool.getCollectionUsage() != null) {
                            maxLiveOld.accumulateAndGet(pool.getCollectionUsage().getUsed(), Math::max);
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // the sampling period
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
        }
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** User and system time of every PostgreSQL process on this machine, from /proc (Linux). */
    private static double postgresCpuSeconds() {
        double ticks = 0;
        java.io.File[] processes = new java.io.File("/proc").listFiles(file -> file.getName().matches("\\d+"));
        for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
            try {
                String stat = java.nio.file.Files.readString(process.toPath().resolve("stat"));
                String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (command.startsWith("postgres")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
