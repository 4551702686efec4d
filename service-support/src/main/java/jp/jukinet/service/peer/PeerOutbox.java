package jp.jukinet.service.peer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeTraces;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends messages for other nodes to {@code peer_outbox}, inside the caller's transaction, so a
 * change and the message announcing it are committed together or not at all. Sequence numbers are
 * assigned by the {@link PeerPublisher}, per destination, in commit order.
 */
public class PeerOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Runnable onAppend;
    private final NoticeTraces traces;

    /** @param onAppend called after appending, e.g. to wake the publisher once the transaction commits */
    public PeerOutbox(JdbcTemplate template, JsonMapper json, Runnable onAppend) {
        this(template, json, onAppend, NoticeTraces.NONE);
    }

    /** @param traces keeps the trace of the request that appends a message with it, for its delivery to continue */
    public PeerOutbox(JdbcTemplate template, JsonMapper json, Runnable onAppend,
                      NoticeTraces traces) {
        this.traces = traces;
        this.jdbc = JdbcClient.create(template);
        this.json = json;
        this.onAppend = onAppend;
    }

    /**
     * @param message written as JSON on its own (so a polymorphic type writes its type id), and sent
     *                as the {@code message} of a {@link jp.jukinet.model.peer.PeerMessage}
     */
    public void append(NodeId destination, UUID messageId, Object message) {
        jdbc.sql("""
                        INSERT INTO peer_outbox (destination, message_id, payload, created_at, trace_parent)
                        VALUES (:destination, :id, :payload::jsonb, :at, :trace)""")
                .param("destination", destination.value())
                .param("id", messageId)
                .param("payload", json.writeValueAsString(message))
                .param("at", Timestamp.from(Instant.now()))
                .param("trace", traces.currentParent())
                .update();
        onAppend.run();
    }

    /** Messages to {@code destination} not yet acknowledged by it. */
    public long pending(NodeId destination) {
        return jdbc.sql("SELECT count(*) FROM peer_outbox WHERE destination = :destination AND acknowledged_at IS NULL")
                .param("destination", destination.value()).query(Long.class).single();
    }

    /** Messages to any destination not yet acknowledged. */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM peer_outbox WHERE acknowledged_at IS NULL").query(Long.class).single();
    }
}
