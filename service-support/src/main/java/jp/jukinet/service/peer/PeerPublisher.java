package jp.jukinet.service.peer;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeTraces;
import jp.jukinet.service.notice.OutboxPublisher;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers {@code peer_outbox} to the other nodes: each destination is its own stream, numbered,
 * sent and acknowledged as the notice chain is (see {@link jp.jukinet.service.notice.NoticePublisher}).
 * A destination that fails waits out its own back-off while the others are served.
 */
public class PeerPublisher extends OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(PeerPublisher.class);

    private final NodeId source;
    private final NoticeTraces traces;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PeerSender sender;
    private final PeerSettings settings;
    private final JsonMapper json;
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    private record Backoff(Instant until, Duration next) {
    }

    public PeerPublisher(NodeId source, JdbcClient jdbc, TransactionTemplate transactions, PeerSender sender,
                         PeerSettings settings, JsonMapper json) {
        this(source, jdbc, transactions, sender, settings, json, NoticeTraces.NONE);
    }

    /** @param traces delivers each batch in the trace of its messages (see {@link NoticeTraces}) */
    public PeerPublisher(NodeId source, JdbcClient jdbc, TransactionTemplate transactions, PeerSender sender,
                         PeerSettings settings, JsonMapper json, NoticeTraces traces) {
        super("peer-publisher-" + source, "Delivering messages of " + source + " to other nodes",
                settings.pollInterval(), settings.initialBackoff(), settings.maxBackoff());
        this.source = source;
        this.traces = traces;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sender = sender;
        this.settings = settings;
        this.json = json;
    }

    /**
     * One round: numbers what was committed since the last round, then sends one batch to each
     * destination with unacknowledged messages that is not waiting out a back-off.
     *
     * @return how many messages were newly acknowledged
     */
    @Override
    public int publishOnce() {
        assignSequences();
        int acknowledged = 0;
        List<String> destinations = jdbc.sql("""
                        SELECT DISTINCT destination FROM peer_outbox
                        WHERE acknowledged_at IS NULL AND sequence IS NOT NULL""")
                .query(String.class).list();
        Instant now = Instant.now();
        for (String destination : destinations) {
            Backoff backoff = backoffs.get(destination);
            if (backoff != null && now.isBefore(backoff.until())) {
                continue;
            }
            try {
                acknowledged += deliver(NodeId.of(destination));
                backoffs.remove(destination);
            } catch (RuntimeException e) {
                Duration wait = backoff == null ? settings.initialBackoff() : backoff.next();
                Duration next = wait.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                        ? settings.maxBackoff() : wait.multipliedBy(2);
                backoffs.put(destination, new Backoff(Instant.now().plus(wait), next));
                log.warn("Delivering messages of {} to {} failed ({}); retrying in {}", source, destination,
                        e.getClass().getSimpleName(), wait);
            }
        }
        return acknowledged;
    }

    private int deliver(NodeId destination) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        long[] first = {0};
        int[] count = {0};
        java.util.Set<String> traceParents = new java.util.LinkedHashSet<>();
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringProperty("source", source.value());
            out.writeStringProperty("destination", destination.value());
            out.writeName("messages");
            out.writeStartArray();
            jdbc.sql("""
                            SELECT sequence, message_id, payload, trace_parent FROM peer_outbox
                            WHERE destination = :destination AND acknowledged_at IS NULL AND sequence IS NOT NULL
                            ORDER BY sequence LIMIT :limit""")
                    .param("destination", destination.value())
                    .param("limit", settings.batchSize())
                    .query(row -> {
                        if (count[0]++ == 0) {
                            first[0] = row.getLong("sequence");
                        }
                        String traceParent = row.getString("trace_parent");
                        if (traceParent != null) {
                            traceParents.add(traceParent);
                        }
                        out.writeStartObject();
                        out.writeNumberProperty("sequence", row.getLong("sequence"));
                        out.writeStringProperty("messageId", row.getString("message_id"));
                        out.writeName("message");
                        out.writeRawValue(row.getString("payload"));
                        out.writeEndObject();
                    });
            out.writeEndArray();
            out.writeEndObject();
        }
        if (count[0] == 0) {
            return 0;
        }
        Acknowledgement ack = traces.deliver("peer delivery", traceParents,
                () -> sender.send(destination, bytes.toByteArray()));
        if (!ack.source().equals(source)) {
            throw new IllegalStateException("acknowledgement names source " + ack.source() + ", expected " + source);
        }
        if (ack.upToSequence() < first[0] - 1) {
            // the receiver has less than it once acknowledged (restored from a backup): send the rest again
            int reopened = jdbc.sql("""
                            UPDATE peer_outbox SET acknowledged_at = NULL
                            WHERE destination = :destination AND sequence > :upTo""")
                    .param("destination", destination.value()).param("upTo", ack.upToSequence()).update();
            log.warn("{} acknowledged only up to {} but {} had been acknowledged; re-sending {} messages", destination,
                    ack.upToSequence(), first[0] - 1, reopened);
            return 0;
        }
        return jdbc.sql("""
                        UPDATE peer_outbox SET acknowledged_at = now()
                        WHERE destination = :destination AND sequence <= :upTo AND acknowledged_at IS NULL""")
                .param("destination", destination.value())
                .param("upTo", ack.upToSequence())
                .update();
    }

    private void assignSequences() {
        List<String> destinations = jdbc.sql("SELECT DISTINCT destination FROM peer_outbox WHERE sequence IS NULL")
                .query(String.class).list();
        for (String destination : destinations) {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO peer_outbox_state (destination, last_sequence) VALUES (:d, 0) ON CONFLICT DO NOTHING")
                        .param("d", destination).update();
                long last = jdbc.sql("SELECT last_sequence FROM peer_outbox_state WHERE destination = :d FOR UPDATE")
                        .param("d", destination).query(Long.class).single();
                List<Long> ids = jdbc.sql("""
                                SELECT id FROM peer_outbox WHERE destination = :d AND sequence IS NULL
                                ORDER BY id LIMIT 10000""")
                        .param("d", destination).query(Long.class).list();
                if (ids.isEmpty()) {
                    return;
                }
                jdbc.sql("""
                                UPDATE peer_outbox o SET sequence = :last + n.rn
                                FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn
                                      FROM peer_outbox WHERE id = ANY(:ids)) n
                                WHERE o.id = n.id""")
                        .param("last", last)
                        .param("ids", ids.toArray(Long[]::new))
                        .update();
                jdbc.sql("UPDATE peer_outbox_state SET last_sequence = :last WHERE destination = :d")
                        .param("last", last + ids.size()).param("d", destination)
                        .update();
            });
        }
    }
}
