package jp.jukinet.service.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import jp.jukinet.model.notice.NodeId;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * {@code /actuator/outbox} on real PostgreSQL with the node's own migrations: depth, lag and the
 * numbered / acknowledged sequences of the notice outbox and of each peer destination, the webhook
 * delivery summed over active subscriptions, and the inbound streams.
 */
class OutboxEndpointTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    private JdbcClient jdbc;

    @BeforeEach
    void freshDatabase() throws Exception {
        TestDatabase database = TestPostgres.createDatabase("outbox_endpoint");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute(script("/db/outbox/V2__notice_outbox.sql"));
            statement.execute(script("/db/peer/V5__peer_outbox.sql"));
            statement.execute(script("/db/inbox/V3__notice_inbox.sql"));
            statement.execute(script("/db/inbox/V6__parked_notices.sql"));
        }
        jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
                database.username(), database.password()));
    }

    @Test
    void anEmptyNodeReportsItsOutboxesEmptyWithoutLag() {
        Map<String, Object> answer = endpoint().read();

        assertThat(answer).containsEntry("node", "cs-131016").containsEntry("at", NOW);
        List<OutboxEndpoint.Outbox> outboxes = outboxes(answer);
        assertThat(outboxes).singleElement().satisfies(notice -> {
            assertThat(notice.kind()).isEqualTo("notice");
            assertThat(notice.depth()).isZero();
            assertThat(notice.numberedThrough()).isZero();
            assertThat(notice.acknowledgedThrough()).isZero();
            assertThat(notice.oldestUnacknowledgedAt()).isNull();
            assertThat(notice.lagSeconds()).isNull();
        });
        assertThat((List<?>) answer.get("inbound")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void depthLagAndSequencesOfTheNoticeOutboxAndEachPeerDestination() {
        // notices 1-3 acknowledged, 4-5 numbered and waiting, one committed but not numbered yet
        for (int i = 1; i <= 6; i++) {
            notice(i <= 5 ? (long) i : null, NOW.minusSeconds(600 - i), i <= 3);
        }
        jdbc.sql("UPDATE notice_outbox_state SET last_sequence = 5").update();
        // cs-131130: 1-2 acknowledged, 3 waiting since 90 s; cs-271004: all acknowledged
        peer("cs-131130", 1L, NOW.minusSeconds(300), true);
        peer("cs-131130", 2L, NOW.minusSeconds(200), true);
        peer("cs-131130", 3L, NOW.minusSeconds(90), false);
        peer("cs-271004", 1L, NOW.minusSeconds(50), true);
        jdbc.sql("INSERT INTO peer_outbox_state VALUES ('cs-131130', 3), ('cs-271004', 1)").update();
        // a destination whose first message is not numbered yet has no state row
        peer("cs-272035", null, NOW.minusSeconds(5), false);
        jdbc.sql("INSERT INTO inbound_progress VALUES ('cs-131130', 7), ('cs-271004', 2)").update();
        jdbc.sql("INSERT INTO held_notices VALUES ('cs-131130', 9, '{}', now()), ('cs-131130', 10, '{}', now())").update();
        jdbc.sql("INSERT INTO parked_notices VALUES ('cs-271004', 3, '12345678901', 'REFUSED', '{}', now())").update();

        Map<String, Object> answer = endpoint().read();

        List<OutboxEndpoint.Outbox> outboxes = outboxes(answer);
        assertThat(outboxes).extracting(OutboxEndpoint.Outbox::kind, OutboxEndpoint.Outbox::destination)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notice", "uplink"),
                        org.assertj.core.groups.Tuple.tuple("peer", "cs-131130"),
                        org.assertj.core.groups.Tuple.tuple("peer", "cs-271004"),
                        org.assertj.core.groups.Tuple.tuple("peer", "cs-272035"));
        OutboxEndpoint.Outbox notice = outboxes.get(0);
        assertThat(notice.depth()).isEqualTo(3);
        assertThat(notice.unnumbered()).isEqualTo(1);
        assertThat(notice.numberedThrough()).isEqualTo(5);
        assertThat(notice.acknowledgedThrough()).isEqualTo(3);
        assertThat(notice.oldestUnacknowledgedAt()).isEqualTo(NOW.minusSeconds(596));
        assertThat(notice.lagSeconds()).isEqualTo(596);

        assertThat(outboxes.get(1)).satisfies(peer -> {
            assertThat(peer.depth()).isEqualTo(1);
            assertThat(peer.numberedThrough()).isEqualTo(3);
            assertThat(peer.acknowledgedThrough()).isEqualTo(2);
            assertThat(peer.lagSeconds()).isEqualTo(90);
        });
        assertThat(outboxes.get(2)).satisfies(peer -> {
            assertThat(peer.depth()).isZero();
            assertThat(peer.acknowledgedThrough()).isEqualTo(1);
            assertThat(peer.lagSeconds()).isNull();
        });
        assertThat(outboxes.get(3)).satisfies(peer -> {
            assertThat(peer.depth()).isEqualTo(1);
            assertThat(peer.unnumbered()).isEqualTo(1);
            assertThat(peer.numberedThrough()).isZero();
            assertThat(peer.acknowledgedThrough()).isZero();
            assertThat(peer.lagSeconds()).isEqualTo(5);
        });
        assertThat((List<Object>) answer.get("inbound")).containsExactly(
                new OutboxEndpoint.Inbound("cs-131130", 7, 2, 0), new OutboxEndpoint.Inbound("cs-271004", 2, 0, 1));
    }

    /**
     * J-LIS's webhook delivery. The tables are those of the provision module's migrations
     * (db/subscription V60, V65), cut to the columns the endpoint reads; the network test reads the
     * real ones at J-LIS.
     */
    @Test
    void webhookDeliveryIsSummedOverActiveSubscriptionsWithAnEndpoint() {
        jdbc.sql("""
                CREATE TABLE subscriptions (id uuid PRIMARY KEY, endpoint text, status text NOT NULL, head bigint NOT NULL);
                CREATE TABLE subscription_events (subscription_id uuid NOT NULL, sequence bigint NOT NULL,
                    recorded_at timestamptz NOT NULL, PRIMARY KEY (subscription_id, sequence));
                CREATE TABLE webhook_delivery_state (subscription_id uuid PRIMARY KEY, delivered_through bigint NOT NULL,
                    consecutive_failures integer NOT NULL, parked_since timestamptz)""").update();
        String delivering = "00000000-0000-0000-0000-000000000001";
        String neverTried = "00000000-0000-0000-0000-000000000002";
        String pulled = "00000000-0000-0000-0000-000000000003";
        jdbc.sql("""
                INSERT INTO subscriptions VALUES
                  (CAST(:a AS uuid), 'https://a.example/hook', 'ACTIVE', 5),
                  (CAST(:b AS uuid), 'https://b.example/hook', 'ACTIVE', 2),
                  (CAST(:c AS uuid), NULL, 'ACTIVE', 9)""")
                .param("a", delivering).param("b", neverTried).param("c", pulled).update();
        for (int sequence = 1; sequence <= 5; sequence++) {
            event(delivering, sequence, NOW.minusSeconds(100 - sequence));
        }
        event(neverTried, 1, NOW.minusSeconds(40));
        event(neverTried, 2, NOW.minusSeconds(30));
        event(pulled, 1, NOW.minusSeconds(10_000));
        jdbc.sql("INSERT INTO webhook_delivery_state VALUES (CAST(:a AS uuid), 3, 2, NULL)").param("a", delivering).update();

        OutboxEndpoint.Outbox webhook = outboxes(endpoint().read()).stream()
                .filter(outbox -> outbox.kind().equals("webhook")).findFirst().orElseThrow();

        assertThat(webhook.depth()).isEqualTo(2 + 2);
        assertThat(webhook.oldestUnacknowledgedAt()).isEqualTo(NOW.minusSeconds(96));
        assertThat(webhook.lagSeconds()).isEqualTo(96);
        assertThat(webhook.detail()).containsEntry("subscriptions", 2L).containsEntry("failing", 1L)
                .containsEntry("parked", 0L);
    }

    private OutboxEndpoint endpoint() {
        return new OutboxEndpoint(NodeId.of("cs-131016"), jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @SuppressWarnings("unchecked")
    private static List<OutboxEndpoint.Outbox> outboxes(Map<String, Object> answer) {
        return (List<OutboxEndpoint.Outbox>) answer.get("outboxes");
    }

    private void notice(Long sequence, Instant created, boolean acknowledged) {
        jdbc.sql("""
                        INSERT INTO notice_outbox (change_id, sequence, resident_code, reason, effective_date, notified_date,
                                                   identity, committed_at, created_at, acknowledged_at)
                        VALUES (gen_random_uuid(), :sequence, '12345678901', 'BIRTH', DATE '2026-12-01', DATE '2026-12-01',
                                '{}', :created, :created, :acknowledged)""")
                .param("sequence", sequence).param("created", java.sql.Timestamp.from(created))
                .param("acknowledged", acknowledged ? java.sql.Timestamp.from(NOW) : null, java.sql.Types.TIMESTAMP)
                .update();
    }

    private void peer(String destination, Long sequence, Instant created, boolean acknowledged) {
        jdbc.sql("""
                        INSERT INTO peer_outbox (destination, sequence, message_id, payload, created_at, acknowledged_at)
                        VALUES (:destination, :sequence, gen_random_uuid(), '{}', :created, :acknowledged)""")
                .param("destination", destination).param("sequence", sequence, java.sql.Types.BIGINT)
                .param("created", java.sql.Timestamp.from(created))
                .param("acknowledged", acknowledged ? java.sql.Timestamp.from(NOW) : null, java.sql.Types.TIMESTAMP)
                .update();
    }

    private void event(String subscription, long sequence, Instant recorded) {
        jdbc.sql("INSERT INTO subscription_events VALUES (CAST(:s AS uuid), :sequence, :recorded)")
                .param("s", subscription).param("sequence", sequence).param("recorded", java.sql.Timestamp.from(recorded))
                .update();
    }

    private static String script(String resource) throws IOException {
        try (InputStream in = OutboxEndpointTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
