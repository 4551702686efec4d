package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.provision.subscription.EventFeed;

/**
 * Webhook delivery across the network: the national server's loop signs each batch, the gateway
 * carries it out over its outbound route with its own certificate to an endpoint its policy lists,
 * and the endpoint verifies it with the agency kit against the key J-LIS publishes (read through the
 * gateway). An endpoint the policy does not list gets nothing, and its delivery state says why. The
 * subscriptions' real feed arrives with the subscriptions' branch: here the national server gets a
 * feed over a table of the test's own.
 */
class WebhookDeliveryNetworkTest {

    private static final UUID LISTED = UUID.fromString("7d0a3f1e-1c2b-4a5d-9e8f-0a1b2c3d4e5f");
    private static final UUID UNLISTED = UUID.fromString("8e1b4f2a-2d3c-4b6e-8f90-1b2c3d4e5f60");

    private static Endpoint endpoint;
    private static LocalNetwork network;

    @BeforeAll
    static void start() throws IOException {
        endpoint = new Endpoint();
        TestFeed.endpoints.put(LISTED, URI.create(endpoint.uri("/jukinet/events")));
        TestFeed.endpoints.put(UNLISTED, URI.create(endpoint.uri("/not/listed")));
        network = new LocalNetwork()
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", "agency-nenkin")
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", endpoint.uri("/jukinet/events"))
                .withSource("national", TestFeed.class)
                .national()
                .startAll();
        PublishedKeys keys = network.client("gateway", "agency-nenkin").get().uri("/api/v1/national/subscription-keys")
                .retrieve().body(PublishedKeys.class);
        endpoint.verifier = WebhookVerifier.of(keys, URI.create(endpoint.uri("/jukinet/events")), LISTED,
                Clock.systemUTC(), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        network.close();
        endpoint.close();
    }

    @Test
    void eventsReachAListedEndpointThroughTheGatewaySignedAndInSequenceAndAnUnlistedOneGetsNothing() {
        JdbcClient national = network.database("national");
        for (long sequence = 1; sequence <= 5; sequence++) {
            TestFeed.write(national, LISTED, sequence);
            TestFeed.write(national, UNLISTED, sequence);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(endpoint.applied())
                .as("verifications %s, paths %s", endpoint.verifications(), endpoint.paths()).hasSize(5));
        assertThat(endpoint.applied()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(endpoint.verifications()).allMatch(Verification::verified);
        assertThat(endpoint.peers()).containsOnly("gateway");
        assertThat(national.sql("SELECT count(*) FROM test_provided WHERE subscription_id = ?").param(LISTED)
                .query(Long.class).single()).isEqualTo(5);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(network.client("gateway", "agency-nenkin").get()
                .uri("/api/v1/national/subscriptions/{id}/delivery", UNLISTED).retrieve().body(String.class))
                .contains("Endpoint not in the gateway policy").contains("\"deliveredThrough\":0"));
        assertThat(endpoint.paths()).containsOnly("/jukinet/events");
        // another agency learns nothing of it
        assertThat(network.client("gateway", "agency-nta").get().uri("/api/v1/national/subscriptions/{id}/delivery", UNLISTED)
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    }

    /**
     * The national server's feed for this test: two subscriptions of agency-nenkin over a table of its own.
     * It stands in for J-LIS's real feed (primary), because this test is about the transport through the
     * gateway, not about where events come from.
     */
    @Configuration(proxyBeanMethods = false)
    static class TestFeed {

        static final Map<UUID, URI> endpoints = new java.util.concurrent.ConcurrentHashMap<>();

        @Bean
        @Primary
        EventFeed testEventFeed(DataSource dataSource) {
            JdbcClient jdbc = JdbcClient.create(dataSource);
            jdbc.sql("""
                    CREATE TABLE IF NOT EXISTS test_feed (subscription_id uuid, sequence bigint, event text,
                                                          PRIMARY KEY (subscription_id, sequence));
                    CREATE TABLE IF NOT EXISTS test_provided (subscription_id uuid, sequence bigint, channel text,
                                                              UNIQUE (subscription_id, sequence, channel))
                    """).update();
            return new EventFeed() {
                @Override
                public List<Subscriber> webhookSubscribers() {
                    return endpoints.keySet().stream().sorted().map(id -> subscriber(id).orElseThrow()).toList();
                }

                @Override
                public Optional<Subscriber> subscriber(UUID subscriptionId) {
                    URI uri = endpoints.get(subscriptionId);
                    return uri == null ? Optional.empty()
                            : Optional.of(new Subscriber(subscriptionId, "agency-nenkin", "nenkin-test", uri, null, true));
                }

                @Override
                public long head(UUID subscriptionId) {
                    return jdbc.sql("SELECT coalesce(max(sequence), 0) FROM test_feed WHERE subscription_id = ?")
                            .param(subscriptionId).query(Long.class).single();
                }

                @Override
                public List<SubscriptionEvent> after(UUID subscriptionId, long after, int limit) {
                    return jdbc.sql("SELECT event FROM test_feed WHERE subscription_id = ? AND sequence > ? ORDER BY sequence LIMIT ?")
                            .params(subscriptionId, after, limit)
                            .query((rs, n) -> JukiNetJson.mapper().readValue(rs.getString(1), SubscriptionEvent.class)).list();
                }

                @Override
                public void recordDelivered(UUID subscriptionId, List<SubscriptionEvent> events, String channel) {
                    events.forEach(event -> jdbc.sql("INSERT INTO test_provided VALUES (?, ?, ?)")
                            .params(subscriptionId, event.sequence(), channel).update());
                }
            };
        }

        static void write(JdbcClient national, UUID subscriptionId, long sequence) {
            IdentityInformation person = new IdentityInformation(ResidentCode.fromSerial(2_000_000_000L + sequence),
                    MyNumber.fromData(20_000_000_000L + sequence), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                    LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                    ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 12, 1),
                    LocalDate.of(2026, 12, 1)));
            SubscriptionEvent event = new SubscriptionEvent(sequence, EventKind.CHANGE, UUID.randomUUID(),
                    ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 12, 1), Instant.now(),
                    LookupResult.provided(person, EnumSet.of(IdentityField.NAME)));
            national.sql("INSERT INTO test_feed VALUES (?, ?, ?)")
                    .params(subscriptionId, sequence, JukiNetJson.mapper().writeValueAsString(event)).update();
        }
    }

    /** agency-nenkin's endpoint: a dev-CA server certificate, client certificates required, the kit's verifier. */
    private static final class Endpoint implements AutoCloseable {

        private final HttpsServer server;
        private final List<Long> applied = new ArrayList<>();
        private final List<Verification> verifications = new ArrayList<>();
        private final List<String> peers = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();
        volatile WebhookVerifier verifier;

        Endpoint() throws IOException {
            server = AgencyWebhookServer.mutualTls("webhook-agency-nenkin");
            server.createContext("/", exchange -> {
                int status = 503;
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    Map<String, String> headers = new HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                    synchronized (this) {
                        paths.add(exchange.getRequestURI().getPath());
                        peers.add(((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession().getPeerPrincipal()
                                .getName().replaceAll(".*CN=([^,]+).*", "$1"));
                        if (verifier != null) {
                            long through = applied.isEmpty() ? 0 : applied.get(applied.size() - 1);
                            Verification verification = verifier.verify(
                                    new WebhookRequest(exchange.getRequestMethod(), headers, body), through);
                            verifications.add(verification);
                            if (verification instanceof Verification.Verified verified) {
                                verified.newEvents().forEach(event -> applied.add(event.sequence()));
                                status = 204;
                            } else {
                                status = 401;
                            }
                        }
                    }
                    exchange.sendResponseHeaders(status, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        synchronized List<Long> applied() {
            return List.copyOf(applied);
        }

        synchronized List<Verification> verifications() {
            return List.copyOf(verifications);
        }

        synchronized List<String> peers() {
            return List.copyOf(peers);
        }

        synchronized List<String> paths() {
            return List.copyOf(paths);
        }

        String uri(String path) {
            return "https://localhost:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
