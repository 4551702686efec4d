package jp.jukinet.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

import jp.jukinet.cs.CsApplication;
import jp.jukinet.gateway.GatewayApplication;
import jp.jukinet.national.NationalApplication;
import jp.jukinet.prefecture.PrefectureApplication;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPki;
import jp.jukinet.testsupport.TestPostgres;

/**
 * A small Juki-Net in one JVM: the national server, prefecture servers and CSs, each a real
 * Spring Boot application on its own port and its own database. A node can be stopped (its
 * process "crashes": the context closes without finishing its work) and started again on the same
 * port and database.
 */
final class LocalNetwork implements AutoCloseable {

    private record Node(String name, java.util.function.Supplier<org.springframework.boot.SpringApplication> application, int port, TestDatabase database, Map<String, Object> properties) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, ConfigurableApplicationContext> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** Configurations added to a node's context beside its application (e.g. a test's clock), by node name. */
    private final Map<String, List<Class<?>>> extraSources = new HashMap<>();

    /** The gateway: every zone crossing goes through it. Added first, so every node knows where it is. */
    LocalNetwork() {
        add("gateway", GatewayApplication::application, Map.of());
        // J-LIS's provision-chain head key (issue #15): every prefecture checks J-LIS's heads with its public key
        TestPki.ca().ensureSigningKey("national-chain-signing");
    }

    /** Adds {@code configuration} to node {@code name}'s context whenever it starts from now on. */
    LocalNetwork withSource(String name, Class<?> configuration) {
        extraSources.computeIfAbsent(name, key -> new ArrayList<>()).add(configuration);
        return this;
    }

    /** A setting of the gateway, e.g. a rate limit; before it starts. */
    LocalNetwork gatewayProperty(String key, Object value) {
        nodes.get("gateway").properties().put(key, value);
        return this;
    }

    /** A setting of node {@code name} (added already), e.g. a delivery back-off; before it (re)starts. */
    LocalNetwork property(String name, String key, Object value) {
        nodes.get(name).properties().put(key, value);
        return this;
    }

    /**
     * J-LIS's My Number key in the test network (J-LIS has no default key and does not start
     * without one); a test key, known to every test and therefore to nobody's real numbers.
     */
    static final String NUMBERING_KEY = "jYGZeVh/W8XSvtYzYRUSfpwhEiajltGBMsmmf0VD3IE=";

    LocalNetwork national() {
        // J-LIS signs every webhook delivery with its key, kept beside the certificates (it does not start without it)
        TestPki.ca().ensureSigningKey("national-webhook-signing");
        // and signs its provision-chain heads with another, exchanged with the prefectures through the gateway
        // (the prefectures it exchanges them with: those of this network, set when it starts); on demand only
        // (a test asks), so that no test's traffic depends on when the schedule fires
        return add("national", NationalApplication::application, Map.of("jukinet.national.numbering.key", NUMBERING_KEY,
                "jukinet.subscription.delivery.gateway", baseUrl("gateway") + "/internal/v1/outbound/webhooks",
                "jukinet.provision.heads.gateway", baseUrl("gateway"),
                "jukinet.provision.heads.scheduled", false));
    }

    LocalNetwork prefecture(String code) {
        // its provision-chain head key (issue #15), before J-LIS starts: J-LIS reads every prefecture's public key
        TestPki.ca().ensureSigningKey("pref-" + code + "-chain-signing");
        return add("pref-" + code, PrefectureApplication::application, Map.of(
                "jukinet.prefecture.prefecture", code,
                "jukinet.outbox.uplink", baseUrl("gateway"),
                "jukinet.provision.heads.scheduled", false));
    }

    /**
     * A downstream system of J-LIS (F9) as node {@code identity} (its client certificate; its
     * webhook endpoint serves {@code webhook-<identity>}), on its own database, calling J-LIS through
     * the gateway. It is no node of the gateway's: J-LIS reaches a holder's endpoint only by the
     * outbound route, which a test lists with {@link #gatewayProperty} ({@link #webhookEndpoint}).
     */
    LocalNetwork downstream(String identity, jp.jukinet.downstream.DownstreamSystem system, String basis,
                            Map<String, Object> extra) {
        TestPki.certificate("webhook-" + identity);
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("jukinet.downstream.system", system.name());
        properties.put("jukinet.downstream.identity", identity);
        properties.put("jukinet.downstream.basis", basis);
        properties.put("jukinet.downstream.gateway", baseUrl("gateway"));
        add(identity, jp.jukinet.downstream.DownstreamApplication::application, properties);
        nodes.get(identity).properties().put("jukinet.downstream.endpoint", webhookEndpoint(identity));
        return this;
    }

    /** The webhook endpoint of downstream system {@code identity}, as it registers it and the outbound policy lists it. */
    String webhookEndpoint(String identity) {
        return baseUrl(identity) + jp.jukinet.downstream.WebhookPath.PATH;
    }

    LocalNetwork cs(String lg) {
        return add("cs-" + lg, CsApplication::application, Map.of(
                "jukinet.cs.municipality", lg,
                "jukinet.outbox.uplink", baseUrl("gateway")));
    }

    private LocalNetwork add(String name, java.util.function.Supplier<org.springframework.boot.SpringApplication> application, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("jukinet.outbox.poll-interval", "50ms");
        properties.put("jukinet.outbox.batch-size", Integer.getInteger("jukinet.test.batch-size", 2000));
        properties.put("jukinet.outbox.initial-backoff", "20ms");
        properties.put("jukinet.outbox.max-backoff", "500ms");
        properties.put("jukinet.peers.poll-interval", "50ms");
        properties.put("jukinet.peers.initial-backoff", "20ms");
        properties.put("jukinet.peers.max-backoff", "500ms");
        // the scheduled consistency check is off in tests: a test runs it on demand (ConsistencyNetworkTest)
        properties.put("jukinet.consistency.cron", "-");
        nodes.put(name, new Node(name, application, freePort(),
                name.equals("gateway") ? null : TestPostgres.createDatabase(name.replace('-', '_')), properties));
        if (!name.equals("gateway") && !name.startsWith("agency-")) {
            // the gateway learns where the new node listens (a downstream system is an agency, no node of its)
            nodes.get("gateway").properties().put("jukinet.gateway.nodes." + name, baseUrl(name));
        }
        return this;
    }

    /** Starts every node that is not running, the gateway and the national server first. */
    LocalNetwork startAll() {
        nodes.keySet().forEach(this::start);
        return this;
    }

    void start(String name) {
        if (running.containsKey(name)) {
            return;
        }
        Node node = nodes.get(name);
        Map<String, Object> properties = new HashMap<>(node.properties());
        properties.put("server.port", node.port());
        if (node.database() != null) {
            properties.put("spring.datasource.url", node.database().jdbcUrl());
            properties.put("spring.datasource.username", node.database().username());
            properties.put("spring.datasource.password", node.database().password());
            properties.put("spring.datasource.hikari.maximum-pool-size", 8);
        }
        properties.put("spring.main.banner-mode", "off");
        if (name.equals("national")) {
            // J-LIS exchanges chain heads with the prefectures of this network (its configuration names the real two)
            properties.putIfAbsent("jukinet.provision.heads.peers", String.join(",",
                    nodes.keySet().stream().filter(other -> other.startsWith("pref-")).toList()));
        }
        // every node speaks mutual TLS (always: there is no profile to choose) with a certificate of the
        // test JVM's CA; the backends pin the gateway's certificate from the same directory
        properties.put("jukinet.tls.directory", TestPki.directory());
        TestPki.certificate("gateway");
        TestPki.certificate(name);
        // as command-line arguments, so they win over each service's application.yaml
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        org.springframework.boot.SpringApplication application = node.application().get();
        application.addPrimarySources(List.of(Faults.Injection.class));
        application.addPrimarySources(extraSources.getOrDefault(name, List.of()));
        running.put(name, application.run(arguments));
    }

    /** Stops a node abruptly, as a crash would from the network's point of view. */
    void stop(String name) {
        ConfigurableApplicationContext context = running.remove(name);
        if (context != null) {
            context.close();
        }
    }

    void restart(String name) {
        stop(name);
        start(name);
    }

    boolean isRunning(String name) {
        return running.containsKey(name);
    }

    <T> T bean(String name, Class<T> type) {
        return running.get(name).getBean(type);
    }

    ConfigurableApplicationContext context(String name) {
        return running.get(name);
    }

    /**
     * A client, through the gateway, with the certificate of whoever usually calls node
     * {@code name}: a clerk of the municipality for a CS, the prefecture 13 server for the
     * national server. Use {@link #client(String, String)} with {@code "gateway"} for any other
     * caller (a resident, a CS).
     */
    RestClient client(String name) {
        if (name.startsWith("cs-")) {
            return client("gateway", "clerk-" + name.substring(3));
        }
        if (name.equals("national")) {
            return client("gateway", "pref-13");
        }
        throw new IllegalArgumentException("say who calls " + name);
    }

    /** A client of node {@code name} that presents the certificate of {@code identity}. */
    RestClient client(String name, String identity) {
        return TestPki.client(baseUrl(name), identity);
    }

    String baseUrl(String name) {
        return "https://localhost:" + port(name);
    }

    int port(String name) {
        return nodes.get(name).port();
    }

    TestDatabase nodeDatabase(String name) {
        return nodes.get(name).database();
    }

    String jdbcUrl(String name) {
        return nodes.get(name).database().jdbcUrl();
    }

    /** Direct SQL on a node's database, whether or not the node runs. */
    JdbcClient database(String name) {
        TestDatabase database = nodes.get(name).database();
        return JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    }

    List<String> names() {
        return new ArrayList<>(nodes.keySet());
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(running.keySet());
        names.forEach(this::stop);
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now, below the usual ephemeral range (32768-60999 on Linux): a node binds its port
     * only when it starts, and a port from the ephemeral range may meanwhile be taken by one of the
     * many outgoing connections (database pools, HTTP clients) of the nodes started before it.
     */
    static int freePort() {
        java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
