package jp.jukinet.service.notice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiving half of every ordered stream in the network (the notice chain, CS-to-CS
 * messages): idempotent by (source, sequence), applied in sequence order per source, a message
 * ahead of a gap held in {@code held_notices} until the gap is filled, never skipped. Its tables
 * ({@code inbound_progress}, {@code held_notices}) come with the flyway location
 * {@code classpath:db/inbox}; a node's streams are told apart by their source's node id.
 *
 * <p>{@link #receive} runs in the caller's transaction, which covers the application, the held
 * messages and the progress, so an acknowledgement built from its answer names only what that
 * transaction committed.
 *
 * @param <M> the kind of message
 */
public class OrderedInbox<M> {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ToLongFunction<M> sequence;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    /**
     * @param type     the message type as JSON reads and writes it (held messages are stored as JSON)
     * @param sequence a message's position in its source's stream
     */
    public OrderedInbox(JdbcTemplate template, JsonMapper json, JavaType type, ToLongFunction<M> sequence) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.sequence = sequence;
        this.reader = json.readerFor(type);
        this.writer = json.writerFor(type);
    }

    /**
     * Applies, in the caller's transaction, every message of {@code source} that is next in its
     * sequence (those of the batch and those held before), holds the ones beyond a gap, and ignores
     * the ones already applied.
     *
     * @param apply called once with the messages to apply, in sequence order (possibly none)
     * @return how far the source's messages are applied now: all up to it are committed with the
     *         caller's transaction
     */
    public long receive(String source, List<M> messages, Consumer<List<M>> apply) {
        jdbc.sql("INSERT INTO inbound_progress (source, applied_through) VALUES (:source, 0) ON CONFLICT DO NOTHING")
                .param("source", source).update();
        long appliedThrough = jdbc.sql("SELECT applied_through FROM inbound_progress WHERE source = :source FOR UPDATE")
                .param("source", source).query(Long.class).single();

        NavigableMap<Long, M> waiting = new TreeMap<>();
        for (M message : messages) {
            if (sequence.applyAsLong(message) > appliedThrough) {
                waiting.put(sequence.applyAsLong(message), message);
            }
        }
        boolean anyHeld = jdbc.sql("SELECT EXISTS (SELECT 1 FROM held_notices WHERE source = :source)")
                .param("source", source).query(Boolean.class).single();
        if (anyHeld) {
            jdbc.sql("SELECT payload FROM held_notices WHERE source = :source AND sequence > :applied ORDER BY sequence")
                    .param("source", source).param("applied", appliedThrough)
                    .query((row, n) -> reader.<M>readValue(row.getString(1)))
                    .list()
                    .forEach(held -> waiting.putIfAbsent(sequence.applyAsLong(held), held));
        }

        List<M> inOrder = new ArrayList<>();
        long next = appliedThrough + 1;
        while (waiting.containsKey(next)) {
            inOrder.add(waiting.remove(next));
            next++;
        }
        long newAppliedThrough = next - 1;
        apply.accept(inOrder);

        if (anyHeld) {
            jdbc.sql("DELETE FROM held_notices WHERE source = :source AND sequence <= :applied")
                    .param("source", source).param("applied", newAppliedThrough).update();
        }
        List<M> ahead = new ArrayList<>(waiting.values());
        if (!ahead.isEmpty()) {
            Timestamp now = Timestamp.from(Instant.now());
            template.batchUpdate("""
                    INSERT INTO held_notices (source, sequence, payload, received_at) VALUES (?, ?, ?::jsonb, ?)
                    ON CONFLICT DO NOTHING""", ahead, ahead.size(), (ps, message) -> {
                ps.setString(1, source);
                ps.setLong(2, sequence.applyAsLong(message));
                ps.setString(3, writer.writeValueAsString(message));
                ps.setTimestamp(4, now);
            });
        }
        if (newAppliedThrough != appliedThrough) {
            jdbc.sql("UPDATE inbound_progress SET applied_through = :applied WHERE source = :source")
                    .param("source", source).param("applied", newAppliedThrough).update();
        }
        return newAppliedThrough;
    }

    /** How far a source's messages are applied (for operators and tests). */
    public long appliedThrough(String source) {
        return jdbc.sql("SELECT coalesce((SELECT applied_through FROM inbound_progress WHERE source = :source), 0)")
                .param("source", source).query(Long.class).single();
    }
}
