package jp.jukinet.service.operator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.security.PeerIdentityFilter;

/**
 * The operator's view of what this node still has to deliver and how far it has received
 * ({@code GET /actuator/outbox}), read-only. Like every actuator endpoint but health, only an
 * operator certificate ({@code operator-*}) on a direct connection reaches it
 * ({@link PeerIdentityFilter}); the gateway routes no actuator of a node.
 *
 * <p>Each outbox the node's database holds is reported (a CS: the notice outbox to its prefecture
 * and the peer outbox to other CSs; a prefecture: its notice outbox to J-LIS; J-LIS: the webhook
 * delivery of push-type notification), with
 * <ul>
 *   <li>{@code depth}: entries not yet acknowledged by the receiver (for webhooks: feed events not
 *       yet delivered to an active subscription's endpoint);</li>
 *   <li>{@code oldestUnacknowledgedAt} and {@code lagSeconds}: when the oldest of them was written,
 *       and how long ago (the delivery lag; {@code null} when nothing waits);</li>
 *   <li>{@code numberedThrough} / {@code acknowledgedThrough}: the highest sequence the publisher
 *       numbered for sending and the highest the receiver acknowledged (the receiver acknowledges
 *       in order, so everything at or below it is delivered).</li>
 * </ul>
 * and each source this node receives a stream from ({@code inbound}): the sequence applied through,
 * how many later notices are held for a gap, and how many are parked. Nothing here is personal
 * data: counts, sequences, node names and times. The counts are exact, read in one statement per
 * outbox; a deep outbox costs a scan of its unacknowledged rows (the partial indexes).
 */
@Endpoint(id = "outbox")
public class OutboxEndpoint {

    /** One outbox, or one destination of the peer outbox; the sequence fields are {@code null} where they have no meaning. */
    public record Outbox(String kind, String destination, long depth, Long unnumbered, Long numberedThrough,
                         Long acknowledgedThrough, Instant oldestUnacknowledgedAt, Long lagSeconds,
                         Map<String, Object> detail) {
    }

    /** One stream this node receives. */
    public record Inbound(String source, long appliedThrough, long held, long parked) {
    }

    private final NodeId node;
    private final JdbcClient jdbc;
    private final Clock clock;

    public OutboxEndpoint(NodeId node, JdbcClient jdbc, Clock clock) {
        this.node = node;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> read() {
        Instant now = clock.instant();
        List<Outbox> outboxes = new ArrayList<>();
        if (exists("notice_outbox")) {
            outboxes.add(noticeOutbox(now));
        }
        if (exists("peer_outbox")) {
            outboxes.addAll(peerOutbox(now));
        }
        if (exists("webhook_delivery_state") && exists("subscription_events")) {
            outboxes.add(webhooks(now));
        }
        List<Inbound> inbound = exists("inbound_progress") ? inbound() : List.of();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("node", node.value());
        answer.put("at", now);
        answer.put("outboxes", outboxes);
        answer.put("inbound", inbound);
        return answer;
    }

    private Outbox noticeOutbox(Instant now) {
        return jdbc.sql("""
                        SELECT (SELECT last_sequence FROM notice_outbox_state WHERE id = 1) AS numbered_through,
                               (SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL) AS depth,
                               (SELECT count(*) FROM notice_outbox WHERE sequence IS NULL) AS unnumbered,
                               (SELECT min(sequence) FROM notice_outbox
                                WHERE acknowledged_at IS NULL AND sequence IS NOT NULL) AS first_unacknowledged,
                               (SELECT min(created_at) FROM notice_outbox WHERE acknowledged_at IS NULL) AS oldest""")
                .query((row, n) -> outbox("notice", "uplink", row, now, Map.of()))
                .single();
    }

    private List<Outbox> peerOutbox(Instant now) {
        return jdbc.sql("""
                        SELECT d.destination, coalesce(s.last_sequence, 0) AS numbered_through,
                               count(o.id) AS depth, count(o.id) FILTER (WHERE o.sequence IS NULL) AS unnumbered,
                               min(o.sequence) AS first_unacknowledged, min(o.created_at) AS oldest
                        FROM (SELECT destination FROM peer_outbox_state
                              UNION SELECT destination FROM peer_outbox WHERE acknowledged_at IS NULL) d
                        LEFT JOIN peer_outbox_state s ON s.destination = d.destination
                        LEFT JOIN peer_outbox o ON o.destination = d.destination AND o.acknowledged_at IS NULL
                        GROUP BY d.destination, s.last_sequence
                        ORDER BY d.destination""")
                .query((row, n) -> outbox("peer", row.getString("destination"), row, now, Map.of()))
                .list();
    }

    /** A sequence-numbered outbox row: what is acknowledged is everything below the first unacknowledged number. */
    private static Outbox outbox(String kind, String destination, ResultSet row, Instant now, Map<String, Object> detail)
            throws SQLException {
        long numberedThrough = row.getLong("numbered_through");
        long firstUnacknowledged = row.getLong("first_unacknowledged");
        boolean anyNumberedWaits = !row.wasNull();
        Instant oldest = instant(row.getTimestamp("oldest"));
        return new Outbox(kind, destination, row.getLong("depth"), row.getLong("unnumbered"), numberedThrough,
                anyNumberedWaits ? firstUnacknowledged - 1 : numberedThrough, oldest, lag(oldest, now), detail);
    }

    /**
     * Webhook delivery, summed over the active subscriptions with an endpoint: each one's feed
     * ({@code subscriptions.head}) against what its agency answered 2xx for ({@code delivered_through}).
     */
    private Outbox webhooks(Instant now) {
        return jdbc.sql("""
                        SELECT count(*) AS channels,
                               coalesce(sum(s.head - coalesce(w.delivered_through, 0)), 0) AS depth,
                               count(*) FILTER (WHERE w.consecutive_failures > 0) AS failing,
                               count(*) FILTER (WHERE w.parked_since IS NOT NULL) AS parked,
                               min(e.recorded_at) AS oldest
                        FROM subscriptions s
                        LEFT JOIN webhook_delivery_state w ON w.subscription_id = s.id
                        LEFT JOIN subscription_events e
                               ON e.subscription_id = s.id AND e.sequence = coalesce(w.delivered_through, 0) + 1
                        WHERE s.endpoint IS NOT NULL AND s.status = 'ACTIVE'""")
                .query((row, n) -> {
                    Instant oldest = instant(row.getTimestamp("oldest"));
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("subscriptions", row.getLong("channels"));
                    detail.put("failing", row.getLong("failing"));
                    detail.put("parked", row.getLong("parked"));
                    return new Outbox("webhook", "agencies", row.getLong("depth"), null, null, null, oldest,
                            lag(oldest, now), detail);
                })
                .single();
    }

    private List<Inbound> inbound() {
        boolean parked = exists("parked_notices");
        return jdbc.sql("""
                        SELECT p.source, p.applied_through,
                               (SELECT count(*) FROM held_notices h WHERE h.source = p.source) AS held,
                               %s AS parked
                        FROM inbound_progress p
                        ORDER BY p.source""".formatted(parked
                        ? "(SELECT count(*) FROM parked_notices k WHERE k.source = p.source)" : "0"))
                .query((row, n) -> new Inbound(row.getString("source"), row.getLong("applied_through"),
                        row.getLong("held"), row.getLong("parked")))
                .list();
    }

    private boolean exists(String table) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT to_regclass(:table) IS NOT NULL").param("table", table)
                .query(Boolean.class).single());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Long lag(Instant oldest, Instant now) {
        return oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds());
    }
}
