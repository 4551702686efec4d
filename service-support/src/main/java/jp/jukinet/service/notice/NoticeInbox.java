package jp.jukinet.service.notice;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives notice batches through an {@link OrderedInbox}: idempotent by (source, sequence),
 * applied in sequence order per source, a notice ahead of a gap held (in {@code held_notices})
 * until the gap is filled, never skipped. One transaction per batch covers the application, the
 * held notices and the progress, and the acknowledgement names only what that transaction
 * committed.
 *
 * <p><b>Poison notices.</b> When the batch's application fails for good ({@link NoticeFailures#isForGood}:
 * a constraint, a refusal of the domain), its transaction is rolled back and the batch is received
 * again in a new one that applies its notices one by one, each under a savepoint: a notice that
 * fails for good is rolled back to its savepoint and parked as {@link NoticeOwnership.Reason#REFUSED}
 * with its problem (no personal data), so the rest of the batch applies and the sender's stream
 * goes on; later notices of its sender about the same resident wait behind it (BEHIND_PARKED).
 * A transient failure ({@link NoticeFailures#isTransient}: the database away, a serialization
 * failure, a lock timeout), in either pass, rolls the whole batch back: the sender sends it again.
 * The second pass costs nothing while no notice is poison (the first pass has no savepoint).
 *
 * <p><b>A sender that went back (issue #15).</b> Every notice applied or parked is logged as
 * received in {@code inbox_log} (source, sequence, change id, payload), in the same transaction. A
 * batch is refused whole (409, nothing applied, counted in {@code jukinet.notices.regressions}) when
 * it carries an epoch other than the one this node knows for its source, or a notice at a sequence
 * already applied under another change id: its sender was restored from a backup (or its database
 * created again) and numbered new changes with sequences it had used. Ignoring them as duplicates,
 * as before, lost those changes. {@link #sent} gives a sender back its own logged notices, so it
 * can take back what it sent after its backup.
 */
public class NoticeInbox {

    private static final Logger log = LoggerFactory.getLogger(NoticeInbox.class);

    private final OrderedInbox<ChangeNotice> inbox;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final NoticeApplier applier;
    private final ParkedNotices parked;
    private final MeterRegistry meters;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final ObjectReader noticeReader;
    private final ObjectWriter noticeWriter;

    public NoticeInbox(JdbcTemplate template, TransactionTemplate transactions, JsonMapper json, NoticeApplier applier,
                       ParkedNotices parked, MeterRegistry meters, Clock clock) {
        this.inbox = new OrderedInbox<>(template, json, json.constructType(ChangeNotice.class), ChangeNotice::sequence);
        this.template = template;
        this.transactions = transactions;
        this.applier = applier;
        this.parked = parked;
        this.meters = meters;
        this.clock = clock;
        this.jdbc = JdbcClient.create(template);
        this.noticeReader = json.readerFor(ChangeNotice.class);
        this.noticeWriter = json.writerFor(ChangeNotice.class);
    }

    /**
     * @return the cumulative acknowledgement: every notice of the source up to it is committed
     *         (applied, or parked)
     * @throws Refusal (forbidden) when this node does not take notices from the batch's source
     */
    public Acknowledgement receive(ChangeNoticeBatch batch) {
        NodeId source = batch.source();
        if (!applier.accepts(source)) {
            throw Refusal.forbidden("source", "this node does not take notices from " + source);
        }
        List<ChangeNotice> notices = batch.notices();
        for (int i = 0; i < notices.size(); i++) {
            ChangeNotice notice = notices.get(i);
            if (!notice.source().equals(source)) {
                throw Refusal.forbidden("notices[" + i + "].source", "a batch carries its source's own notices only");
            }
            if (!applier.speaksFor(source, notice.identity().municipality())) {
                throw Refusal.forbidden("notices[" + i + "].identity.municipality",
                        source + " does not keep the register of municipality " + notice.identity().municipality().value());
            }
        }
        java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();
        Acknowledgement ack;
        try {
            ack = transactions.execute(status -> receiveInTransaction(batch, applier::apply, applied));
        } catch (Refusal refusal) {
            throw refusal;
        } catch (RuntimeException failure) {
            if (!NoticeFailures.isForGood(failure)) {
                throw failure;
            }
            // one of the notices is poison: again, one notice at a time, parking the ones refused for good
            applied.set(0);
            ack = transactions.execute(status -> receiveInTransaction(batch, this::applyEachParkingRefused, applied));
        }
        // counted once committed (a parked notice counts as received: jukinet.notices.parked says which)
        meters.counter("jukinet.notices.received", "from", source.value()).increment(applied.get());
        return ack;
    }

    private Acknowledgement receiveInTransaction(ChangeNoticeBatch batch, java.util.function.Consumer<List<ChangeNotice>> apply,
                                                 java.util.concurrent.atomic.AtomicInteger applied) {
        checkLineage(batch);
        long appliedThrough = inbox.receive(batch.source().value(), batch.notices(), inOrder -> {
            apply.accept(inOrder);
            logReceived(inOrder);
            applied.addAndGet(inOrder.size());
        });
        return new Acknowledgement(batch.source(), appliedThrough);
    }

    /**
     * Refuses (409, nothing applied) a batch of another epoch than the source's, or with a notice at
     * an applied sequence under another change id than the one logged there; learns the epoch from
     * the source's first batch that carries one. Takes the source's progress row lock first, as
     * {@link OrderedInbox#receive} does next in the same transaction.
     */
    private void checkLineage(ChangeNoticeBatch batch) {
        String source = batch.source().value();
        jdbc.sql("INSERT INTO inbound_progress (source, applied_through) VALUES (:source, 0) ON CONFLICT DO NOTHING")
                .param("source", source).update();
        Map<String, Object> progress = jdbc.sql(
                        "SELECT applied_through, epoch FROM inbound_progress WHERE source = :source FOR UPDATE")
                .param("source", source).query().singleRow();
        long appliedThrough = ((Number) progress.get("applied_through")).longValue();
        UUID known = (UUID) progress.get("epoch");
        if (batch.epoch() != null) {
            if (known == null) {
                jdbc.sql("UPDATE inbound_progress SET epoch = :epoch WHERE source = :source")
                        .param("epoch", batch.epoch()).param("source", source).update();
            } else if (!known.equals(batch.epoch())) {
                throw regression(source, "epoch", "the batch's epoch is not the one this node knows for " + source
                        + ": its sender's outbox state was created again; it takes back its notices first");
            }
        }
        Map<Long, UUID> seen = new HashMap<>();
        for (ChangeNotice notice : batch.notices()) {
            if (notice.sequence() <= appliedThrough) {
                seen.put(notice.sequence(), notice.changeId());
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        List<Long> differing = jdbc.sql(
                        "SELECT sequence, change_id FROM inbox_log WHERE source = :source AND sequence = ANY(:sequences)")
                .param("source", source).param("sequences", seen.keySet().toArray(Long[]::new))
                .query((row, n) -> seen.get(row.getLong(1)).equals(row.getObject(2, UUID.class)) ? null : row.getLong(1))
                .list().stream().filter(java.util.Objects::nonNull).toList();
        if (!differing.isEmpty()) {
            throw regression(source, "notices", "notice " + source + "#" + differing.get(0)
                    + " was applied here as another change: its sender numbered a new change with a sequence it had "
                    + "used (restored from a backup); it takes back its notices first");
        }
    }

    private Refusal regression(String source, String field, String detail) {
        meters.counter("jukinet.notices.regressions").increment();
        log.error("Refused a batch of {}: its stream went back ({}); nothing applied", source, field);
        return Refusal.conflict(field, detail);
    }

    private void logReceived(List<ChangeNotice> inOrder) {
        if (inOrder.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        template.batchUpdate("""
                INSERT INTO inbox_log (source, sequence, change_id, payload, received_at) VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT DO NOTHING""", inOrder, inOrder.size(), (ps, notice) -> {
            ps.setString(1, notice.source().value());
            ps.setLong(2, notice.sequence());
            ps.setObject(3, notice.changeId());
            ps.setString(4, noticeWriter.writeValueAsString(notice));
            ps.setTimestamp(5, now);
        });
    }

    /**
     * What this node holds of {@code source}'s own stream, for that source only (the caller checks
     * that it asks for its own): its epoch, how far it is applied, the change id there, and the logged
     * notices after {@code after} up to the applied one, at most {@code limit}, ascending.
     */
    public SentNotices sent(NodeId source, long after, int limit) {
        return transactions.execute(status -> {
            Map<String, Object> progress = jdbc.sql(
                            "SELECT applied_through, epoch FROM inbound_progress WHERE source = :source")
                    .param("source", source.value()).query().listOfRows().stream().findFirst().orElse(Map.of());
            long appliedThrough = progress.isEmpty() ? 0 : ((Number) progress.get("applied_through")).longValue();
            UUID epoch = (UUID) progress.get("epoch");
            UUID last = jdbc.sql("SELECT change_id FROM inbox_log WHERE source = :source AND sequence = :sequence")
                    .param("source", source.value()).param("sequence", appliedThrough)
                    .query(UUID.class).optional().orElse(null);
            List<ChangeNotice> notices = jdbc.sql("""
                            SELECT payload FROM inbox_log WHERE source = :source AND sequence > :after
                            AND sequence <= :through ORDER BY sequence LIMIT :limit""")
                    .param("source", source.value()).param("after", after).param("through", appliedThrough)
                    .param("limit", limit)
                    .query((row, n) -> noticeReader.<ChangeNotice>readValue(row.getString(1))).list();
            return new SentNotices(source, epoch, appliedThrough, last, notices);
        });
    }

    /**
     * Savepoints by SQL on the transaction's connection rather than the transaction manager's: the
     * national server's is JPA's, whose savepoints depend on the JPA dialect; nothing on the
     * applying path is a transactional proxy that would mark the transaction rollback-only.
     */
    private void applyEachParkingRefused(List<ChangeNotice> inOrder) {
        for (ChangeNotice notice : inOrder) {
            template.execute("SAVEPOINT jukinet_notice");
            try {
                applier.apply(List.of(notice));
                template.execute("RELEASE SAVEPOINT jukinet_notice");
            } catch (RuntimeException failure) {
                if (!NoticeFailures.isForGood(failure)) {
                    throw failure;
                }
                template.execute("ROLLBACK TO SAVEPOINT jukinet_notice");
                String problem = NoticeFailures.problem(failure);
                parked.refuse(notice, problem, clock.instant());
                meters.counter("jukinet.notices.parked", "reason", NoticeOwnership.Reason.REFUSED.name()).increment();
                log.warn("Parked notice {}#{}: REFUSED ({})", notice.source().value(), notice.sequence(), problem);
            }
        }
    }

    /** How far each source's notices are applied (for operators and tests). */
    public long appliedThrough(NodeId source) {
        return inbox.appliedThrough(source.value());
    }

    /**
     * Removes the log of the notices received before {@code moment}: the retention purge's part of
     * {@code inbox_log}, which is kept as long as the history of the changes it carried (from the day
     * received). In the caller's transaction.
     *
     * @return rows removed
     */
    public int purgeLogReceivedBefore(java.time.Instant moment) {
        return jdbc.sql("DELETE FROM inbox_log WHERE received_at < :moment")
                .param("moment", java.sql.Timestamp.from(moment))
                .update();
    }
}
