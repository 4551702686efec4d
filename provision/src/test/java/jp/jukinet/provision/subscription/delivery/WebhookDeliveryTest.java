package jp.jukinet.provision.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.model.subscription.Frequency;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.service.web.Refusal;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPki;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Webhook delivery end to end within the national server's side: real PostgreSQL (delivery state
 * by JPA, the feed of {@link TableEventFeed}), real HTTPS with mutual TLS to an agency endpoint
 * with a dev-CA server certificate that verifies every request with the agency kit. The loop is
 * driven round by round on a clock the test moves.
 */
@SpringBootTest(classes = WebhookDeliveryTest.DeliveryApplication.class, properties = {
        "jukinet.subscription.delivery.enabled=true",
        "jukinet.subscription.delivery.loop=false",
        "jukinet.subscription.delivery.ssl-bundle=node",
        "jukinet.subscription.delivery.batch-size=3",
        "jukinet.subscription.delivery.initial-backoff=1s",
        "jukinet.subscription.delivery.max-backoff=1m",
        "jukinet.subscription.delivery.park-after=1h",
        "jukinet.subscription.delivery.heartbeat-interval=5m",
        "spring.jpa.open-in-view=false"})
class WebhookDeliveryTest {

    static final Instant START = Instant.parse("2026-12-03T00:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);
    static final TestDatabase DATABASE = migrated();
    static final Path KEY = TestPki.ca().ensureSigningKey("national-webhook-signing");
    static final String AGENCY = "agency-nenkin";

    /** No component scan: this package holds the auto-configuration under test, which must run as one. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DeliveryApplication {

        @Bean
        TableEventFeed eventFeed(DataSource dataSource) {
            return new TableEventFeed(JdbcClient.create(dataSource));
        }

        @Bean
        MutableClock clock() {
            return CLOCK;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean(destroyMethod = "close")
        AgencyEndpoint agencyEndpoint(SigningKey key) throws IOException {
            IssuedCertificate server = TestPki.certificate("webhook-agency-nenkin");
            return new AgencyEndpoint(TestPki.bundle(server, TestPki.ca().caCertificatePath()).createSslContext(),
                    key.published(), CLOCK);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IssuedCertificate national = TestPki.certificate("national");
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("jukinet.subscription.delivery.signing-key", () -> KEY.toUri().toString());
        registry.add("jukinet.subscription.delivery.public-key",
                () -> KEY.resolveSibling("national-webhook-signing.pub").toUri().toString());
        registry.add("spring.ssl.bundle.pem.node.keystore.certificate", () -> national.certificate().toUri().toString());
        registry.add("spring.ssl.bundle.pem.node.keystore.private-key", () -> national.privateKey().toUri().toString());
        registry.add("spring.ssl.bundle.pem.node.truststore.certificate",
                () -> TestPki.ca().caCertificatePath().toUri().toString());
    }

    @Autowired
    WebhookDeliveries deliveries;
    @Autowired
    TableEventFeed feed;
    @Autowired
    AgencyEndpoint endpoint;
    @Autowired
    DeliveryStates states;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void onlyThisTestsSubscriptionsAreDelivered() {
        feed.deactivateAll();
    }

    @AfterAll
    static void rewindNothing() {
        // the clock only moves forward; every test starts from where the last one left it
    }

    @Test
    void anEndpointDownForAStretchGetsEveryEventExactlyOnceInSequenceWhenItIsBack() {
        UUID id = subscribe(null);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);
        receiver.mode = AgencyEndpoint.Mode.DOWN;
        feed.write(id, 4, CLOCK.instant());

        deliveries.deliverDue();
        for (int i = 0; i < 5; i++) {
            feed.write(id, 2, CLOCK.instant());
            CLOCK.advance(Duration.ofMinutes(1));
            deliveries.deliverDue();
        }
        assertThat(receiver.applied).isEmpty();
        assertThat(receiver.attempts).isEqualTo(6);
        assertThat(states.findById(id).orElseThrow().consecutiveFailures()).isEqualTo(6);
        // recorded once before first sent (4, then 3 more with the batch of 3 after that), not again on retries
        assertThat(feed.provided(id)).isEqualTo(3);

        receiver.mode = AgencyEndpoint.Mode.UP;
        CLOCK.advance(Duration.ofMinutes(1));
        deliveries.deliverDue();

        assertThat(receiver.applied).containsExactlyElementsOf(LongStream.rangeClosed(1, 14).boxed().toList());
        assertThat(feed.provided(id)).isEqualTo(14);
        DeliveryState state = states.findById(id).orElseThrow();
        assertThat(state.deliveredThrough()).isEqualTo(14);
        assertThat(state.consecutiveFailures()).isZero();
        assertThat(state.lastProblem()).isNull();
        assertThat(receiver.verifications).allMatch(Verification::verified);
    }

    @Test
    void aBatchWhoseAnswerWasLostIsSentAgainAndTheKitDropsItsDuplicates() {
        UUID id = subscribe(null);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);
        feed.write(id, 2, CLOCK.instant());
        receiver.mode = AgencyEndpoint.Mode.LOSE_ANSWER_ONCE;

        deliveries.deliverDue();
        assertThat(receiver.applied).containsExactly(1L, 2L);
        assertThat(states.findById(id).orElseThrow().deliveredThrough()).isZero();

        feed.write(id, 1, CLOCK.instant());
        CLOCK.advance(Duration.ofMinutes(1));
        deliveries.deliverDue();

        // sent again as 1..3: the kit recognised 1 and 2 by sequence and handed over 3 only
        Verification.Verified again = (Verification.Verified) receiver.verifications.get(1);
        assertThat(again.delivery().events()).hasSize(3);
        assertThat(again.newEvents()).extracting(e -> e.sequence()).containsExactly(3L);
        assertThat(receiver.applied).containsExactly(1L, 2L, 3L);
        assertThat(feed.provided(id)).isEqualTo(3);
        assertThat(states.findById(id).orElseThrow().deliveredThrough()).isEqualTo(3);
    }

    @Test
    void aChannelFailingForLongIsParkedUntilItsAgencyResumesIt() {
        UUID id = subscribe(null);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);
        receiver.mode = AgencyEndpoint.Mode.DOWN;
        feed.write(id, 1, CLOCK.instant());
        double parkingsBefore = meters.counter("jukinet.subscription.webhook.parkings").count();

        deliveries.deliverDue();
        for (int i = 0; i < 61; i++) {
            CLOCK.advance(Duration.ofMinutes(1));
            deliveries.deliverDue();
        }

        DeliveryState state = states.findById(id).orElseThrow();
        assertThat(state.parked()).isTrue();
        assertThat(state.lastProblem()).contains("503");
        assertThat(meters.counter("jukinet.subscription.webhook.parkings").count()).isEqualTo(parkingsBefore + 1);
        assertThat(meters.get("jukinet.subscription.webhook.parked").gauge().value()).isEqualTo(1);
        int attempts = receiver.attempts;

        receiver.mode = AgencyEndpoint.Mode.UP;
        CLOCK.advance(Duration.ofHours(2));
        deliveries.deliverDue();
        assertThat(receiver.attempts).as("a parked channel is left alone").isEqualTo(attempts);

        assertThatThrownBy(() -> deliveries.resume(id, "agency-nta")).isInstanceOf(Refusal.class);
        assertThat(states.findById(id).orElseThrow().parked()).as("another agency cannot resume it").isTrue();

        DeliveryStatus resumed = deliveries.resume(id, AGENCY);
        assertThat(resumed.parked()).isFalse();
        deliveries.deliverDue();

        assertThat(receiver.applied).containsExactly(1L);
        assertThat(deliveries.status(id, AGENCY).deliveredThrough()).isEqualTo(1);
        assertThat(meters.get("jukinet.subscription.webhook.parked").gauge().value()).isZero();
    }

    @Test
    void anIdleChannelGetsAHeartbeatEveryInterval() {
        UUID id = subscribe(null);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);

        deliveries.deliverDue();
        CLOCK.advance(Duration.ofMinutes(4));
        deliveries.deliverDue();
        assertThat(receiver.attempts).isZero();

        CLOCK.advance(Duration.ofMinutes(1));
        deliveries.deliverDue();
        feed.write(id, 1, CLOCK.instant());
        CLOCK.advance(Duration.ofMinutes(1));
        deliveries.deliverDue();
        CLOCK.advance(Duration.ofMinutes(5));
        deliveries.deliverDue();

        assertThat(receiver.verifications).hasSize(3).allMatch(Verification::verified);
        List<Verification.Verified> verified = receiver.verifications.stream().map(Verification.Verified.class::cast).toList();
        assertThat(verified.get(0).delivery().heartbeat()).isTrue();
        assertThat(verified.get(0).delivery().head()).isZero();
        assertThat(verified.get(1).delivery().heartbeat()).isFalse();
        assertThat(verified.get(2).delivery().heartbeat()).isTrue();
        assertThat(verified.get(2).delivery().head()).isEqualTo(1);
        assertThat(states.findById(id).orElseThrow().lastHeartbeat()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aDailySubscriptionIsSentWhatItsFeedGatheredOnceADay() {
        UUID id = subscribe(Frequency.DAILY);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);
        deliveries.deliverDue();
        feed.write(id, 4, CLOCK.instant());

        CLOCK.advance(Duration.ofHours(23));
        deliveries.deliverDue();
        assertThat(receiver.applied).isEmpty();

        CLOCK.advance(Duration.ofHours(1));
        deliveries.deliverDue();
        assertThat(receiver.applied).containsExactly(1L, 2L, 3L, 4L);

        feed.write(id, 2, CLOCK.instant());
        CLOCK.advance(Duration.ofHours(12));
        deliveries.deliverDue();
        assertThat(receiver.applied).hasSize(4);

        CLOCK.advance(Duration.ofHours(12));
        deliveries.deliverDue();
        assertThat(receiver.applied).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(feed.provided(id)).isEqualTo(6);
    }

    @Test
    void theKitDetectsAForgedAndAReplayedWebhook() throws Exception {
        UUID id = subscribe(null);
        AgencyEndpoint.Receiver receiver = endpoint.receiver(id);
        feed.write(id, 1, CLOCK.instant());
        deliveries.deliverDue();
        WebhookRequest genuine = receiver.requests.get(0);
        assertThat(receiver.applied).containsExactly(1L);

        // replayed: the captured request sent again, byte for byte, over mutual TLS
        send(genuine.body(), genuine.headers(), id);
        assertThat(receiver.verifications.get(1)).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Verification.Reason.REPLAYED));

        // forged: another body under the genuine signature, with its own digest
        byte[] forged = new String(genuine.body(), java.nio.charset.StandardCharsets.UTF_8).replace("花子", "太郎")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(genuine.headers());
        headers.put("content-digest", WebhookSignatures.contentDigest(forged));
        send(forged, headers, id);
        assertThat(receiver.verifications.get(2)).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Verification.Reason.BAD_SIGNATURE));
        assertThat(receiver.applied).containsExactly(1L);
    }

    private void send(byte[] body, Map<String, String> headers, UUID id) {
        URI target = feed.subscriber(id).orElseThrow().endpoint();
        var client = TestPki.client(target.toString(), "agency-attacker");
        client.post().headers(http -> headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                http.set(name, value);
            }
        })).body(body).retrieve().toBodilessEntity();
    }

    private UUID subscribe(Frequency frequency) {
        // the endpoint needs the id for its path: register a placeholder, then the real endpoint
        UUID id = feed.subscribe(AGENCY, URI.create("https://localhost/unused"), frequency);
        URI uri = endpoint.register(id);
        JdbcClient.create(dataSource()).sql("UPDATE test_subscriber SET endpoint = ? WHERE subscription_id = ?")
                .params(uri.toString(), id).update();
        return id;
    }

    @Autowired
    DataSource dataSource;

    private DataSource dataSource() {
        return dataSource;
    }

    private static TestDatabase migrated() {
        TestDatabase database = TestPostgres.createDatabase("webhook_delivery");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(Path.of(WebhookDeliveryTest.class
                    .getResource("/db/subscription/V65__webhook_delivery_state.sql").toURI())));
            statement.execute(TableEventFeed.SCHEMA);
        } catch (SQLException | IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return database;
    }
}
