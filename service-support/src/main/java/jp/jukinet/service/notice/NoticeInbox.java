package jp.jukinet.service.notice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives notice batches: idempotent by (source, sequence), applied in sequence order per
 * source, a notice ahead of a gap held (in {@code held_notices}) until the gap is filled, never
 * skipped. One transaction per batch covers the application, the held notices and the progress,
 * and the acknowledgement names only what that transaction committed.
 */
public class NoticeInbox {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final NoticeApplier applier;

    public NoticeInbox(JdbcTemplate template, TransactionTemplate transactions, JsonMapper json, NoticeApplier applier) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.transactions = transactions;
        this.json = json;
        this.applier = applier;
    }

    /**
     * @return the cumulative acknowledgement: every notice of the source up to it is committed
     * @throws Refusal (forbidden) when this node does not take notices from the batch's source
     */
    public Acknowledgement receive(ChangeNoticeBatch batch) {
        NodeId source = batch.source();
        if (!applier.accepts(source)) {
            throw Refusal.forbidden("this node does not take notices from " + source);
        }
        return transactions.execute(status -> receiveInTransaction(batch));
    }

    private Acknowledgement receiveInTransaction(ChangeNoticeBatch batch) {
        String source = batch.source().value();
        jdbc.sql("INSERT INTO inbound_progress (source, applied_through) VALUES (:source, 0) ON CONFLICT DO NOTHING")
                .param("source", source).update();
        long appliedThrough = jdbc.sql("SELECT applied_through FROM inbound_progress WHERE source = :source FOR UPDATE")
                .param("source", source).query(Long.class).single();

        NavigableMap<Long, ChangeNotice> waiting = new TreeMap<>();
        for (ChangeNotice notice : batch.notices()) {
            if (notice.sequence() > appliedThrough) {
                waiting.put(notice.sequence(), notice);
            }
        }
        boolean anyHeld = jdbc.sql("SELECT EXISTS (SELECT 1 FROM held_notices WHERE source = :source)")
                .param("source", source).query(Boolean.class).single();
        if (anyHeld) {
            jdbc.sql("SELECT payload FROM held_notices WHERE source = :source AND sequence > :applied ORDER BY sequence")
                    .param("source", source).param("applied", appliedThrough)
                    .query((row, n) -> json.readValue(row.getString(1), ChangeNotice.class))
                    .list()
                    .forEach(held -> waiting.putIfAbsent(held.sequence(), held));
        }

        List<ChangeNotice> inOrder = new ArrayList<>();
        long next = appliedThrough + 1;
        while (waiting.containsKey(next)) {
            inOrder.add(waiting.remove(next));
            next++;
        }
        long newAppliedThrough = next - 1;
        applier.apply(inOrder);

        if (anyHeld) {
            jdbc.sql("DELETE FROM held_notices WHERE source = :source AND sequence <= :applied")
                    .param("source", source).param("applied", newAppliedThrough).update();
        }
        List<ChangeNotice> ahead = new ArrayList<>(waiting.values());
        if (!ahead.isEmpty()) {
            Timestamp now = Timestamp.from(Instant.now());
            template.batchUpdate("""
                    INSERT INTO held_notices (source, sequence, payload, received_at) VALUES (?, ?, ?::jsonb, ?)
                    ON CONFLICT DO NOTHING""", ahead, ahead.size(), (ps, notice) -> {
                ps.setString(1, source);
                ps.setLong(2, notice.sequence());
                ps.setString(3, json.writeValueAsString(notice));
                ps.setTimestamp(4, now);
            });
        }
        if (newAppliedThrough != appliedThrough) {
            jdbc.sql("UPDATE inbound_progress SET applied_through = :applied WHERE source = :source")
                    .param("source", source).param("applied", newAppliedThrough).update();
        }
        return new Acknowledgement(batch.source(), newAppliedThrough);
    }

    /** How far each source's notices are applied (for operators and tests). */
    public long appliedThrough(NodeId source) {
        return jdbc.sql("SELECT coalesce((SELECT applied_through FROM inbound_progress WHERE source = :source), 0)")
                .param("source", source.value()).query(Long.class).single();
    }
}
