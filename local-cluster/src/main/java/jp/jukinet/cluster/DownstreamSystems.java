package jp.jukinet.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.downstream.DownstreamApplication;
import jp.jukinet.downstream.DownstreamSystem;
import jp.jukinet.downstream.WebhookPath;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;

/**
 * The downstream systems of J-LIS (F9) beside the nodes of the local cluster: the card management
 * system, JPKI and the information-provision network, each a {@link DownstreamApplication} with its
 * own certificate, database and port, calling J-LIS through the gateway. The holders' webhook
 * endpoints are listed in the gateway's outbound policy ({@link #outboundEndpoints}); once the
 * population is registered, card management and JPKI take on a handful of its residents
 * ({@link #enrol}), and the ready block says how to ask what they hold.
 */
final class DownstreamSystems {

    /** How many seeded residents of 千代田区 card management and JPKI hold cards and certificates for. */
    static final int HELD = 5;

    /** The operator who asks the systems what they hold (the cluster's operator certificate). */
    static final String OPERATOR = "operator-local";

    /** One downstream system: its identity (client certificate), which it is, its rule, and its port. */
    record Consumer(String identity, DownstreamSystem kind, String basis, int port) {

        String database() {
            return identity.replace('-', '_');
        }

        String baseUrl() {
            return "https://localhost:" + port;
        }

        String endpoint() {
            return baseUrl() + WebhookPath.PATH;
        }
    }

    private DownstreamSystems() {
    }

    /** The three systems, on 9443-9445 (shifted with the cluster's ports). */
    static List<Consumer> systems(Topology topology) {
        int offset = topology.portOffset();
        return List.of(
                new Consumer("agency-card-management", DownstreamSystem.CARD_MANAGEMENT, "jlis-30-9-card-management", 9443 + offset),
                new Consumer("agency-jpki", DownstreamSystem.JPKI, "jlis-30-9-jpki", 9444 + offset),
                new Consumer("agency-ipn", DownstreamSystem.IPN, "ipn-30-9-agency-codes", 9445 + offset));
    }

    /**
     * Their agency certificates (which also come with the rules' recipients), and the server
     * certificates they serve TLS with: {@code webhook-<identity>}, dev-pki's profile of a server in the
     * agency zone (the holders receive webhooks there; every system answers its operator there).
     */
    static void issueCertificates(DevCertificateAuthority ca, Topology topology) {
        for (Consumer system : systems(topology)) {
            ca.ensureIssued(new Identity(system.identity()));
            ca.ensureIssued(new Identity("webhook-" + system.identity()));
        }
    }

    /** The gateway's outbound policy: the holders' endpoints, where J-LIS's webhooks may go. */
    static Map<String, Object> outboundEndpoints(Topology topology) {
        Map<String, Object> properties = new LinkedHashMap<>();
        int index = 0;
        for (Consumer system : systems(topology)) {
            if (system.kind().holder()) {
                String prefix = "jukinet.gateway.outbound.webhook-endpoints[" + index++ + "].";
                properties.put(prefix + "agency", system.identity());
                properties.put(prefix + "uri", system.endpoint());
                properties.put(prefix + "description", system.kind().japaneseName() + " (downstream system, F9)");
            }
        }
        return properties;
    }

    /** The settings of {@code system} beside the node settings every application of the cluster gets. */
    static Map<String, Object> properties(Consumer system, Topology topology, String ipnCodeKey) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", system.port());
        properties.put("jukinet.downstream.system", system.kind().name());
        properties.put("jukinet.downstream.identity", system.identity());
        properties.put("jukinet.downstream.basis", system.basis());
        properties.put("jukinet.downstream.gateway", topology.gateway().baseUrl());
        if (system.kind().holder()) {
            properties.put("jukinet.downstream.endpoint", system.endpoint());
        } else {
            properties.put("jukinet.downstream.code-key", ipnCodeKey);
        }
        return properties;
    }

    /** Starts {@code system} with {@code arguments}; its running application. */
    static ConfigurableApplicationContext start(String[] arguments) {
        return DownstreamApplication.application().run(arguments);
    }

    /**
     * Card management and JPKI take on {@code residents} (already held ones stay): each adds them to
     * its subscription at J-LIS and looks them up under its rule. Returns the outcomes by system.
     */
    static Map<String, List<String>> enrol(Topology topology, ClusterClients clients, List<String> residents) {
        Map<String, List<String>> outcomes = new LinkedHashMap<>();
        if (residents.isEmpty()) {
            return outcomes;
        }
        String body = "{\"residentCodes\":[\"" + String.join("\",\"", residents) + "\"]}";
        for (Consumer system : systems(topology)) {
            if (!system.kind().holder()) {
                continue;
            }
            List<?> answer = client(clients, system).post().uri("/api/v1/downstream/holdings")
                    .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(List.class);
            List<String> each = new ArrayList<>();
            answer.forEach(line -> each.add(String.valueOf(((Map<?, ?>) line).get("outcome"))));
            outcomes.put(system.identity(), each);
        }
        return outcomes;
    }

    /** A client of {@code system} itself (not the gateway) as the operator. */
    static RestClient client(ClusterClients clients, Consumer system) {
        return RestClient.builder().baseUrl(system.baseUrl())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.ofSslBundle(clients.bundle(OPERATOR))))
                .build();
    }

    /** The examples of the ready block: what each system holds, and a 機関別符号 for a My Number. */
    static List<ReadyBlock.Example> examples(Topology topology, java.util.function.Function<String, java.nio.file.Path> pki,
                                             String heldResident, String myNumber) {
        List<ReadyBlock.Example> examples = new ArrayList<>();
        for (Consumer system : systems(topology)) {
            if (system.kind().holder()) {
                examples.add(new ReadyBlock.Example(system.kind().japaneseName() + " (" + system.identity() + ", F9): its "
                        + "subscription at J-LIS, the sequence applied, and how many persons it holds",
                        curl("GET", system.baseUrl() + "/api/v1/downstream/holdings", pki, Map.of(), null)));
                if (heldResident != null) {
                    examples.add(new ReadyBlock.Example("... what it holds of one of them, in step with J-LIS (change the "
                            + "person at the CS and ask again)",
                            curl("GET", system.baseUrl() + "/api/v1/downstream/holdings/" + heldResident, pki, Map.of(), null)));
                }
            } else if (myNumber != null) {
                examples.add(new ReadyBlock.Example(system.kind().japaneseName() + " (" + system.identity() + ", F9) asks J-LIS "
                        + "for the resident code behind a My Number and answers the 機関別符号 it derives (it keeps no My Number)",
                        curl("POST", system.baseUrl() + "/api/v1/downstream/agency-codes", pki,
                                Map.of("Content-Type", "application/json"), "{\"myNumber\":\"" + myNumber + "\"}")));
            }
        }
        return examples;
    }

    private static CurlCommand curl(String method, String url, java.util.function.Function<String, java.nio.file.Path> pki,
                                    Map<String, String> headers, String body) {
        return new CurlCommand(method, url, pki.apply("ca.crt").toString(), pki.apply(OPERATOR + ".crt").toString(),
                pki.apply(OPERATOR + ".key").toString(), headers, body);
    }

    /** The printed line of a system: what it is, where it listens, its database. */
    static String line(Consumer system) {
        return ReadyBlock.pad(system.kind().japaneseName() + " " + system.identity().substring("agency-".length()), 34)
                + ReadyBlock.pad(system.baseUrl(), 25) + "database " + system.database();
    }
}
