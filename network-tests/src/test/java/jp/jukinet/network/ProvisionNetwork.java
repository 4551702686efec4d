package jp.jukinet.network;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.postgresql.PGConnection;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestPki;

/**
 * The test network as the provision benchmark drives it: the gateway and the national server,
 * either in the benchmark's own JVM ({@link LocalNetwork}) or, with {@code -Dbench.processes=true},
 * each as its own JVM started from its executable jar, so that the load generator, the gateway and
 * the node do not share a JIT and a heap.
 */
public final class ProvisionNetwork implements AutoCloseable {

    private final String gatewayUrl;
    private final String nationalUrl;
    private final jp.jukinet.testsupport.TestDatabase national;
    private final Runnable stop;

    private ProvisionNetwork(String gatewayUrl, String nationalUrl, jp.jukinet.testsupport.TestDatabase national,
                             Runnable stop) {
        this.gatewayUrl = gatewayUrl;
        this.nationalUrl = nationalUrl;
        this.national = national;
        this.stop = stop;
    }

    /** The load generator's own limits at the gateway (shared with the scale harness). */
    static final java.util.Map<String, Object> BENCHMARK_AGENCY_LIMITS = jp.jukinet.testsupport.LookupLoad.BENCHMARK_AGENCY_LIMITS;

    private static String limit(String figure) {
        String key = "jukinet.gateway.limits.per-caller.agency-nenkin." + figure;
        return key + "=" + BENCHMARK_AGENCY_LIMITS.get(key);
    }

    public static ProvisionNetwork start() {
        if (Boolean.getBoolean("bench.processes")) {
            return startAsProcesses();
        }
        LocalNetwork network = new LocalNetwork();
        BENCHMARK_AGENCY_LIMITS.forEach(network::gatewayProperty);
        network.national().startAll();
        return new ProvisionNetwork(network.baseUrl("gateway"), network.baseUrl("national"),
                network.nodeDatabase("national"), network::close);
    }

    /** The gateway and the national server as two more JVMs (their {@code -exec.jar}s must be built). */
    static ProvisionNetwork startAsProcesses() {
        jp.jukinet.testsupport.TestDatabase database = jp.jukinet.testsupport.TestPostgres.createDatabase("national");
        TestPki.certificate("national");
        TestPki.certificate("gateway");
        int nationalPort = LocalNetwork.freePort();
        int gatewayPort = LocalNetwork.freePort();
        String pki = TestPki.directory().toString();
        List<Process> processes = new ArrayList<>();
        Runnable stop = () -> processes.forEach(process -> {
            process.destroy();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            processes.add(launch("national-service", "national",
                    "--server.port=" + nationalPort, "--jukinet.tls.directory=" + pki,
                    "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password(),
                    "--jukinet.national.numbering.key=" + LocalNetwork.NUMBERING_KEY, "--logging.level.root=WARN"));
            processes.add(launch("gateway", "gateway",
                    "--server.port=" + gatewayPort, "--jukinet.tls.directory=" + pki,
                    "--jukinet.gateway.nodes.national=https://localhost:" + nationalPort,
                    "--" + limit("requests-per-second"), "--" + limit("lines-per-second"),
                    "--" + limit("concurrent-streams"), "--" + limit("concurrent-requests"), "--logging.level.root=WARN"));
            awaitUp("https://localhost:" + nationalPort);
            awaitUp("https://localhost:" + gatewayPort);
        } catch (RuntimeException e) {
            stop.run();
            throw e;
        }
        return new ProvisionNetwork("https://localhost:" + gatewayPort, "https://localhost:" + nationalPort, database, stop);
    }

    private static Process launch(String module, String name, String... arguments) {
        java.nio.file.Path jar = java.util.stream.Stream.of("", "../")
                .map(prefix -> java.nio.file.Path.of(prefix + module, "target", module + "-0.1.0-SNAPSHOT-exec.jar"))
                .filter(java.nio.file.Files::exists).findFirst()
                .orElseThrow(() -> new IllegalStateException("build " + module + " first (./mvnw -B -q install -DskipTests)"));
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.process-heap", "1g")));
        String extra = System.getProperty("bench." + name + "-jvm-args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.split(" ")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(arguments));
        try {
            // target/ of the directory the benchmark runs in: the project's root under exec:java, which a fresh
            // clone has not built into
            java.nio.file.Path logs = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("bench-" + name + ".log").toFile()).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitUp(String baseUrl) {
        RestClient client = TestPki.client(baseUrl, "gateway");
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().is2xxSuccessful()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L); // polling a process we do not control
        }
        throw new IllegalStateException(baseUrl + " did not come up; see target/bench-*.log");
    }

    /** Loads {@code count} synthetic residents straight into the national register; returns their codes. */
    public List<String> populate(int count) throws Exception {
        List<String> codes = new ArrayList<>(count);
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        LocalDate notified = LocalDate.of(2026, 11, 1);
        LocalGovernmentCode chiyoda = LocalGovernmentCode.of("131016");
        try (Connection connection = DriverManager.getConnection(nationalJdbcUrl(), "postgres", "")) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < count; i++) {
                ResidentCode code = ResidentCode.fromSerial(3_000_000_000L + i);
                MyNumber number = MyNumber.fromData(40_000_000_000L + i);
                IdentityInformation identity = new IdentityInformation(code, number,
                        PersonName.of("山田", "花子" + (i % 1000), "ヤマダ", "ハナコ"), notified.minusDays(random.nextInt(30_000)),
                        i % 2 == 0 ? Sex.FEMALE : Sex.MALE, new Address("東京都千代田区千代田" + (i % 5000) + "番"), chiyoda,
                        ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, notified, notified));
                codes.add(code.value());
                String json = JukiNetJson.mapper().writeValueAsString(identity).replace("\"", "\"\"");
                csv.append(code.value()).append(',').append(number.value()).append(",13,131016,")
                        .append(ResidentRegister.normalizedName(identity)).append(',')
                        .append(identity.dateOfBirth()).append(',').append(identity.sex()).append(",ACTIVE,\"")
                        .append(json).append("\",").append(java.util.UUID.randomUUID()).append(",2026-11-01T00:00:00Z,2176-11-01\n");
                if (csv.length() > 8 << 20 || i == count - 1) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            COPY residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                            date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                            FROM STDIN WITH (FORMAT csv)""", new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            connection.createStatement().execute("ANALYZE residents");
        }
        return codes;
    }

    /** The gateway's address, for a client of its own (the full-duplex batch client). */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    public String nationalJdbcUrl() {
        return national.jdbcUrl();
    }

    /** An agency's client, through the gateway. */
    public RestClient agencyThroughGateway(String agency) {
        return loadClient(gatewayUrl, agency).build();
    }

    /** A client straight to the national server, with the gateway's certificate and an agency as caller. */
    public RestClient nationalAsGateway() {
        return loadClient(nationalUrl, "gateway").defaultHeader("X-JukiNet-Caller", "agency-nenkin").build();
    }

    /**
     * The load generator's client: Apache HttpClient's classic client, which sends and receives on
     * the calling thread, so that the generator takes as little of the shared CPU as it can; set up
     * as the nodes' clients are, so the connection opened with the client certificate is reused.
     */
    private static RestClient.Builder loadClient(String baseUrl, String identity) {
        org.springframework.boot.ssl.SslBundle bundle = TestPki.bundle(TestPki.certificate(identity),
                TestPki.ca().caCertificatePath());
        return RestClient.builder().baseUrl(baseUrl).requestFactory(
                jp.jukinet.service.web.HttpClientConfiguration.forNodes(
                                org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder.httpComponents())
                        .build(org.springframework.boot.http.client.HttpClientSettings.ofSslBundle(bundle)));
    }

    public long provisionRecords() {
        return org.springframework.jdbc.core.simple.JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                national.jdbcUrl(), national.username(), national.password()))
                .sql("SELECT count(*) FROM provision_records").query(Long.class).single();
    }

    @Override
    public void close() {
        stop.run();
    }
}
