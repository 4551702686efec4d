package jp.jukinet.testsupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The load of the provision benchmarks: J-LIS's identity lookups (F5) by resident code, single and
 * batch, through whatever client the caller gives, beside the same reads answered by PostgreSQL
 * directly (their raw limit). Shared by {@code ProvisionBenchmark} (network-tests) and the scale
 * harness (local-cluster), so both measure the same thing the same way. Not a test.
 *
 * <p>The batch needs {@code org.eclipse.jetty:jetty-client} on the class path (an optional
 * dependency of this module; the gateway brings it).
 */
public final class LookupLoad {

    /** The agency whose certificate the load presents. */
    public static final String AGENCY = "agency-nenkin";

    /** The basis of its lookups (national provision rules: 年金, same-address check). */
    public static final String BASIS = "nenkin-30-9-same-address";

    /**
     * The gateway's limits for {@link #AGENCY} in a benchmark: it sends far beyond an agency's limits
     * (8 clients of single lookups, a million-line batch at ~90k lines/s), so it is given its own.
     * Every request still passes the limiters and every batch line is counted, so the gateway's cost
     * of the limits is measured. Each figure can be set with {@code -Dbench.agency.<figure>}.
     */
    public static final Map<String, Object> BENCHMARK_AGENCY_LIMITS = Map.of(
            "jukinet.gateway.limits.per-caller." + AGENCY + ".requests-per-second",
            Integer.getInteger("bench.agency.requests-per-second", 1_000_000),
            "jukinet.gateway.limits.per-caller." + AGENCY + ".lines-per-second",
            Integer.getInteger("bench.agency.lines-per-second", 10_000_000),
            "jukinet.gateway.limits.per-caller." + AGENCY + ".concurrent-streams",
            Integer.getInteger("bench.agency.concurrent-streams", 4),
            "jukinet.gateway.limits.per-caller." + AGENCY + ".concurrent-requests",
            Integer.getInteger("bench.agency.concurrent-requests", 64));

    /** The raw read: what a lookup needs of the register, by primary key. */
    public static final String RAW_LOOKUP = "SELECT identity FROM residents WHERE resident_code = ?";

    private LookupLoad() {
    }

    /**
     * Primary-key reads of random codes of {@code codes} by {@code clients} JDBC connections, each a
     * prepared {@link #RAW_LOOKUP}, for {@code window}.
     *
     * @return reads per second
     */
    public static double rawLookups(Callable<Connection> connections, List<String> codes, int clients, Duration window)
            throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + window.toNanos();
        run(clients, () -> {
            try (Connection connection = connections.call();
                 PreparedStatement select = connection.prepareStatement(RAW_LOOKUP)) {
                while (System.nanoTime() < deadline) {
                    select.setString(1, random(codes));
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("a code of the sample is not in the register");
                        }
                        row.getString(1);
                    }
                    done.incrementAndGet();
                }
            }
            return null;
        });
        return done.get() / (window.toNanos() / 1e9);
    }

    /**
     * The batch's raw limit: the first {@code size} codes of {@code codes} read on one connection in
     * arrays of 1,000 ({@code resident_code = ANY(?)}), the answers read through.
     *
     * @return rows read
     */
    public static long rawBatch(Connection connection, List<String> codes, int size) throws SQLException {
        long rows = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT resident_code, identity FROM residents WHERE resident_code = ANY(?)")) {
            for (int from = 0; from < size; from += 1_000) {
                Array array = connection.createArrayOf("bpchar", codes.subList(from, Math.min(size, from + 1_000)).toArray());
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
        return rows;
    }

    /**
     * Single lookups ({@code POST /api/v1/national/lookups} under {@code basis}) of random codes of
     * {@code codes}, each answer checked to be of the code asked.
     *
     * @return lookups per second
     */
    public static double lookups(Supplier<RestClient> clients, String basis, List<String> codes, int count,
                                 Duration window) throws Exception {
        return rate(clients, count, window, client -> {
            String code = random(codes);
            Map<?, ?> answer = client.post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("basis", basis, "residentCode", code)).retrieve().body(Map.class);
            if (answer == null || !code.equals(answer.get("residentCode"))) {
                throw new IllegalStateException("unexpected answer " + answer);
            }
        });
    }

    /** Requests per second of {@code count} threads, each with its own client, making {@code call} for {@code window}. */
    public static double rate(Supplier<RestClient> clients, int count, Duration window, Consumer<RestClient> call)
            throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + window.toNanos();
        run(count, () -> {
            RestClient client = clients.get();
            while (System.nanoTime() < deadline) {
                call.accept(client);
                done.incrementAndGet();
            }
            return null;
        });
        return done.get() / (window.toNanos() / 1e9);
    }

    /**
     * A batch lookup of the first {@code size} codes of {@code codes} under {@code basis}
     * ({@code POST …/lookups/batch}, NDJSON both ways) with a full-duplex client (Jetty's): the lines
     * are written on one thread while the answers are read on this one. A client that sends the whole
     * body before reading (the JDK's HTTP/1.1 client) would stall once the answers fill the socket
     * buffers.
     *
     * @param baseUrl where to send it (the gateway)
     * @param tls     the caller's TLS (its certificate and the CA)
     * @return answer lines read
     */
    public static long batch(String baseUrl, SSLContext tls, String basis, List<String> codes, int size) throws Exception {
        org.eclipse.jetty.util.ssl.SslContextFactory.Client ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
        ssl.setSslContext(tls);
        org.eclipse.jetty.io.ClientConnector connector = new org.eclipse.jetty.io.ClientConnector();
        connector.setSslContextFactory(ssl);
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient(
                new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        client.start();
        try {
            org.eclipse.jetty.client.OutputStreamRequestContent content =
                    new org.eclipse.jetty.client.OutputStreamRequestContent("application/x-ndjson");
            org.eclipse.jetty.client.InputStreamResponseListener listener = new org.eclipse.jetty.client.InputStreamResponseListener();
            client.newRequest(baseUrl + "/api/v1/national/lookups/batch").method("POST")
                    .headers(headers -> headers.put("Accept", "application/x-ndjson"))
                    .idleTimeout(5, java.util.concurrent.TimeUnit.MINUTES)
                    .body(content).send(listener);
            Thread writer = new Thread(() -> {
                // buffered: unbuffered, every line would go out as an HTTP chunk and a TLS record of its own
                try (OutputStream out = new java.io.BufferedOutputStream(content.getOutputStream(), 64 * 1024)) {
                    for (int i = 0; i < size; i++) {
                        out.write(("{\"basis\":\"" + basis + "\",\"residentCode\":\"" + codes.get(i) + "\"}\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "batch-writer");
            writer.start();
            org.eclipse.jetty.client.Response response = listener.get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (response.getStatus() != 200) {
                throw new IllegalStateException("the batch was answered " + response.getStatus());
            }
            long lines = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines++;
                    }
                }
            }
            writer.join();
            return lines;
        } finally {
            client.stop();
        }
    }

    private static String random(List<String> codes) {
        return codes.get(ThreadLocalRandom.current().nextInt(codes.size()));
    }

    private static void run(int clients, Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
