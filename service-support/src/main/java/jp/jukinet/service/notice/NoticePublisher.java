package jp.jukinet.service.notice;

import java.io.ByteArrayOutputStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;

import io.micrometer.core.instrument.MeterRegistry;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the node's outbox to the next tier: at least once, in sequence order, until the
 * receiver acknowledges that it committed them.
 *
 * <p>Each round (1) numbers the newly committed outbox rows in commit order, continuing the
 * node's sequence without gaps, under a row lock on {@code notice_outbox_state} so that only one
 * publisher (of several replicas) numbers at a time; (2) sends the oldest unacknowledged notices as
 * one batch; (3) marks acknowledged what the receiver says it committed. A crash anywhere loses
 * nothing: a numbered row keeps its number, an unacknowledged row is sent again, and the receiver
 * ignores what it already has.
 *
 * <p><b>A sender restored from a backup (issue #15).</b> The stream has a {@link Lineage}. Each
 * time the publisher starts (and after a regression) it is {@code UNVERIFIED} and numbers nothing
 * until it has asked its receiver what it holds of this node's stream ({@link #verify}): a receiver
 * whose {@code applied_through} is beyond this node's head proves that this node went back; the
 * publisher then takes back the notices after its head from the receiver (as they were received),
 * has them applied to its own register ({@link TakeBackNotices}), puts them in the outbox as numbered
 * and acknowledged, moves its sequence past them, and only then numbers what was committed since:
 * those changes get new sequences and arrive. An acknowledgement above the head (the highest
 * sequence numbered) is refused and marks nothing ({@link #acknowledge}); so is a 409 of the
 * receiver, which refuses a batch whose sequences it has applied as other changes. Either makes the
 * stream {@code REGRESSED} (gauge {@code jukinet.outbox.regressed} = 1, counter
 * {@code jukinet.outbox.regressions}) until the next round has verified it again.
 */
public class NoticePublisher extends OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(NoticePublisher.class);

    private final NodeId source;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NoticeSender sender;
    private final OutboxSettings settings;
    private final JsonMapper json;
    private final TakeBackNotices takeBack;
    private final MeterRegistry meters;
    private final NoticeTraces traces;
    private volatile Lineage lineage = Lineage.UNVERIFIED;

    /** Whether this node's stream is known to continue what its receiver holds. */
    public enum Lineage {
        /** Not yet compared with the receiver since the publisher started: nothing is numbered. */
        UNVERIFIED,
        /** Compared: the receiver holds nothing this node does not; numbering and sending go on. */
        VERIFIED,
        /** This node went back (restored from a backup) and has not taken back what it lost: stopped. */
        REGRESSED
    }

    /**
     * @param takeBack how this node takes back its own notices after a restore, {@code null} when it
     *                 cannot (its stream then stays stopped once a regression is found)
     */
    public NoticePublisher(NodeId source, JdbcClient jdbc, TransactionTemplate transactions, NoticeSender sender,
                           OutboxSettings settings, JsonMapper json, TakeBackNotices takeBack, MeterRegistry meters) {
        this(source, jdbc, transactions, sender, settings, json, takeBack, meters, NoticeTraces.NONE);
    }

    /** @param traces delivers each batch in the trace of its notices (see {@link NoticeTraces}) */
    public NoticePublisher(NodeId source, JdbcClient jdbc, TransactionTemplate transactions, NoticeSender sender,
                           OutboxSettings settings, JsonMapper json, TakeBackNotices takeBack, MeterRegistry meters,
                           NoticeTraces traces) {
        super("notice-publisher-" + source, "Delivering notices of " + source + " to " + settings.uplink(),
                settings.pollInterval(), settings.initialBackoff(), settings.maxBackoff());
        this.source = source;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sender = sender;
        this.settings = settings;
        this.json = json;
        this.takeBack = takeBack;
        this.meters = meters;
        this.traces = traces;
        meters.gauge("jukinet.outbox.regressed", this, publisher -> publisher.lineage == Lineage.REGRESSED ? 1 : 0);
        outboxGauges(meters);
    }

    /** Where the stream stands (see {@link Lineage}). */
    public Lineage lineage() {
        return lineage;
    }

    /**
     * One round: numbers what was committed since the last round and delivers one batch.
     *
     * @return how many notices the receiver newly acknowledged
     * @throws RuntimeException when the delivery failed; nothing is lost, the next round retries
     */
    @Override
    public int publishOnce() {
        if (lineage != Lineage.VERIFIED) {
            verify();
        }
        assignSequences();
        EncodedBatch batch = encodePending();
        if (batch == null) {
            return 0;
        }
        Acknowledgement ack;
        try {
            ack = traces.deliver("notice delivery", batch.traceParents(), () -> sender.send(batch));
        } catch (HttpClientErrorException.Conflict refused) {
            // the receiver has applied some of these sequences as other changes: this node went back
            throw regressed(settings.uplink() + " refused " + source + "#" + batch.firstSequence() + "-"
                    + batch.lastSequence() + " as a stream that went back (409)");
        }
        int acknowledged = acknowledge(ack, batch.firstSequence());
        meters.counter("jukinet.notices.delivered", "to", uplinkName()).increment(acknowledged);
        return acknowledged;
    }

    /** The receiver, as the meters name it: the uplink's host and port (no path, no credentials). */
    private String uplinkName() {
        java.net.URI uplink = settings.uplink();
        return uplink.getHost() + (uplink.getPort() < 0 ? "" : ":" + uplink.getPort());
    }

    /** Notices committed here and not yet acknowledged by the receiver: how many, and the oldest's age. */
    private void outboxGauges(MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("jukinet.outbox.pending", this, publisher -> scalar(
                        "SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL"))
                .description("Notices not yet acknowledged by the next tier").register(registry);
        io.micrometer.core.instrument.Gauge.builder("jukinet.outbox.lag", this, publisher -> scalar("""
                        SELECT coalesce(extract(epoch FROM now() - min(committed_at)), 0)
                        FROM notice_outbox WHERE acknowledged_at IS NULL"""))
                .description("Age of the oldest notice not yet acknowledged by the next tier")
                .baseUnit("seconds").register(registry);
    }

    /** A number from the outbox for a gauge; NaN (no sample) when the database does not answer. */
    private double scalar(String sql) {
        try {
            return jdbc.sql(sql).query(Double.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Compares this node's stream with what the receiver holds of it, and takes back what the
     * receiver holds beyond this node's head. Leaves the stream {@code VERIFIED}, or throws with it
     * {@code REGRESSED} when it cannot be repaired here (the receiver knows another epoch while this
     * node has numbered notices; the notice at the receiver's applied sequence is another change than
     * this node's; the receiver's log lacks what it applied; no {@link TakeBackNotices}).
     *
     * @throws SequenceRegression when the stream must stay stopped
     * @throws RuntimeException   when the receiver did not answer; the next round asks again
     */
    public void verify() {
        Map<String, Object> state = jdbc.sql("SELECT last_sequence, epoch FROM notice_outbox_state WHERE id = 1")
                .query().singleRow();
        long head = ((Number) state.get("last_sequence")).longValue();
        UUID epoch = (UUID) state.get("epoch");
        SentNotices held = sender.sent(source, head, takeBackPage());
        boolean otherEpoch = held.epoch() != null && !held.epoch().equals(epoch);
        if (otherEpoch && head > 0) {
            throw regressed(settings.uplink() + " knows another epoch of " + source + " while " + source
                    + " has numbered up to " + head + ": an operator must compare them");
        }
        if (held.appliedThrough() > head) {
            lineage = Lineage.REGRESSED;
            log.error("{} has applied {} up to {} but {} numbered only up to {}: restored from a backup; taking back "
                    + "{} notices", settings.uplink(), source, held.appliedThrough(), source, head,
                    held.appliedThrough() - head);
            takeBackAfter(head, held);
        } else if (held.lastChangeId() != null && held.appliedThrough() > 0) {
            UUID mine = jdbc.sql("SELECT change_id FROM notice_outbox WHERE sequence = :sequence")
                    .param("sequence", held.appliedThrough()).query(UUID.class).optional().orElse(null);
            if (mine != null && !mine.equals(held.lastChangeId())) {
                throw regressed(settings.uplink() + " has applied " + source + "#" + held.appliedThrough()
                        + " as another change than " + source + " numbered there: an operator must compare them");
            }
        }
        if (held.appliedThrough() < head) {
            // the receiver went back (restored from a backup): what it acknowledged and lost is sent again
            int reopened = jdbc.sql("""
                            UPDATE notice_outbox SET acknowledged_at = NULL
                            WHERE sequence > :applied AND acknowledged_at IS NOT NULL""")
                    .param("applied", held.appliedThrough()).update();
            if (reopened > 0) {
                log.warn("{} holds {} only up to {} but had acknowledged more; re-sending {} notices", settings.uplink(),
                        source, held.appliedThrough(), reopened);
            }
        }
        if (otherEpoch) {
            // a node whose database was created again, which has taken back its whole stream, is its continuation
            jdbc.sql("UPDATE notice_outbox_state SET epoch = :epoch WHERE id = 1").param("epoch", held.epoch()).update();
        }
        if (lineage != Lineage.VERIFIED) {
            log.info("{} continues what {} holds of it (applied through {})", source, settings.uplink(),
                    Math.max(head, held.appliedThrough()));
        }
        lineage = Lineage.VERIFIED;
    }

    private void takeBackAfter(long head, SentNotices first) {
        if (takeBack == null) {
            throw regressed(source + " cannot take back its notices " + (head + 1) + "-" + first.appliedThrough()
                    + " from " + settings.uplink() + " on this node: an operator must restore them");
        }
        meters.counter("jukinet.outbox.regressions").increment();
        SentNotices page = first;
        long taken = head;
        while (taken < first.appliedThrough()) {
            List<ChangeNotice> notices = page.notices();
            if (notices.isEmpty() || notices.get(0).sequence() != taken + 1) {
                throw regressed(settings.uplink() + " does not hold " + source + "#" + (taken + 1)
                        + " any more (applied before it kept its log): an operator must restore it");
            }
            long expected = taken;
            transactions.executeWithoutResult(status -> {
                long last = jdbc.sql("SELECT last_sequence FROM notice_outbox_state WHERE id = 1 FOR UPDATE")
                        .query(Long.class).single();
                if (last != expected) {
                    throw new IllegalStateException("the outbox state moved while taking back notices");
                }
                takeBack.takeBack(notices);
                putTakenBack(notices);
                jdbc.sql("UPDATE notice_outbox_state SET last_sequence = :last WHERE id = 1")
                        .param("last", notices.get(notices.size() - 1).sequence()).update();
            });
            taken = notices.get(notices.size() - 1).sequence();
            log.warn("{} took back its notices {}-{} from {}", source, expected + 1, taken, settings.uplink());
            if (taken < first.appliedThrough()) {
                page = sender.sent(source, taken, takeBackPage());
            }
        }
    }

    /**
     * The taken-back notices as outbox rows, numbered and acknowledged; a row of the same change
     * still unnumbered (committed before the backup, numbered after it) gets its sequence.
     */
    private void putTakenBack(List<ChangeNotice> notices) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (ChangeNotice notice : notices) {
            jdbc.sql("""
                            INSERT INTO notice_outbox (change_id, sequence, resident_code, reason, effective_date,
                                                       notified_date, identity, previous_resident_code,
                                                       previous_my_number, committed_at, created_at, acknowledged_at)
                            VALUES (:changeId, :sequence, :residentCode, :reason, :effectiveDate, :notifiedDate,
                                    :identity::jsonb, :previousResidentCode, :previousMyNumber, :committedAt, :now, :now)
                            ON CONFLICT (change_id) DO UPDATE SET sequence = EXCLUDED.sequence,
                                                                  acknowledged_at = EXCLUDED.acknowledged_at
                            WHERE notice_outbox.sequence IS NULL""")
                    .param("changeId", notice.changeId())
                    .param("sequence", notice.sequence())
                    .param("residentCode", notice.residentCode().value())
                    .param("reason", notice.reason().name())
                    .param("effectiveDate", notice.effectiveDate())
                    .param("notifiedDate", notice.notifiedDate())
                    .param("identity", json.writeValueAsString(notice.identity()))
                    .param("previousResidentCode", notice.previousResidentCode() == null ? null
                            : notice.previousResidentCode().value())
                    .param("previousMyNumber", notice.previousMyNumber() == null ? null
                            : notice.previousMyNumber().value())
                    .param("committedAt", Timestamp.from(notice.committedAt()))
                    .param("now", now)
                    .update();
        }
    }

    /** A page of taken-back notices: a batch, within what the receiver answers at once. */
    private int takeBackPage() {
        return Math.min(settings.batchSize(), NoticeInboxController.MAX_SENT);
    }

    private SequenceRegression regressed(String message) {
        lineage = Lineage.REGRESSED;
        meters.counter("jukinet.outbox.regressions").increment();
        log.error("Notice stream stopped: {}", message);
        return new SequenceRegression(message);
    }

    /**
     * The oldest unacknowledged notices as the JSON of a {@link ChangeNoticeBatch}, written straight
     * from the outbox rows: the identity JSON goes out as it was stored when the change committed.
     */
    public EncodedBatch encodePending() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        long[] range = {0, 0};
        int[] count = {0};
        java.util.Set<String> traceParents = new java.util.LinkedHashSet<>();
        UUID epoch = jdbc.sql("SELECT epoch FROM notice_outbox_state WHERE id = 1").query(UUID.class).single();
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringProperty("source", source.value());
            out.writeStringProperty("epoch", epoch.toString());
            out.writeName("notices");
            out.writeStartArray();
            jdbc.sql("""
                            SELECT sequence, change_id, resident_code, reason, effective_date, notified_date, identity,
                                   previous_resident_code, previous_my_number, committed_at, resync_of, trace_parent
                            FROM notice_outbox
                            WHERE acknowledged_at IS NULL AND sequence IS NOT NULL
                            ORDER BY sequence
                            LIMIT :limit""")
                    .param("limit", settings.batchSize())
                    .query(row -> {
                        long sequence = row.getLong("sequence");
                        if (count[0]++ == 0) {
                            range[0] = sequence;
                        }
                        range[1] = sequence;
                        String traceParent = row.getString("trace_parent");
                        if (traceParent != null && traceParents.size() <= NoticeTraces.MAX_LINKS) {
                            traceParents.add(traceParent);
                        }
                        out.writeStartObject();
                        out.writeNumberProperty("schemaVersion", ChangeNotice.CURRENT_VERSION);
                        out.writeStringProperty("changeId", row.getString("change_id"));
                        out.writeStringProperty("source", source.value());
                        out.writeNumberProperty("sequence", sequence);
                        out.writeStringProperty("residentCode", row.getString("resident_code"));
                        out.writeStringProperty("reason", row.getString("reason"));
                        out.writeStringProperty("effectiveDate", row.getString("effective_date"));
                        out.writeStringProperty("notifiedDate", row.getString("notified_date"));
                        out.writeStringProperty("committedAt", row.getTimestamp("committed_at").toInstant().toString());
                        out.writeName("identity");
                        out.writeRawValue(row.getString("identity"));
                        writeIfPresent(out, "previousResidentCode", row.getString("previous_resident_code"));
                        writeIfPresent(out, "previousMyNumber", row.getString("previous_my_number"));
                        String resyncOf = row.getString("resync_of");
                        if (resyncOf != null) {
                            out.writeName("resync");
                            out.writeStartObject();
                            out.writeStringProperty("lastChangeId", resyncOf);
                            out.writeEndObject();
                        }
                        out.writeEndObject();
                    });
            out.writeEndArray();
            out.writeEndObject();
        }
        return count[0] == 0 ? null : new EncodedBatch(source, range[0], range[1], count[0], bytes.toByteArray(),
                traceParents);
    }

    private static void writeIfPresent(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    private void assignSequences() {
        transactions.executeWithoutResult(status -> {
            long last = jdbc.sql("SELECT last_sequence FROM notice_outbox_state WHERE id = 1 FOR UPDATE")
                    .query(Long.class).single();
            List<Long> ids = jdbc.sql("SELECT id FROM notice_outbox WHERE sequence IS NULL ORDER BY id LIMIT 50000")
                    .query(Long.class).list();
            if (ids.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            UPDATE notice_outbox o SET sequence = :last + n.rn
                            FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn
                                  FROM notice_outbox WHERE id = ANY(:ids)) n
                            WHERE o.id = n.id""")
                    .param("last", last)
                    .param("ids", ids.toArray(Long[]::new))
                    .update();
            jdbc.sql("UPDATE notice_outbox_state SET last_sequence = :last WHERE id = 1")
                    .param("last", last + ids.size())
                    .update();
        });
    }

    /**
     * Marks acknowledged what the receiver says it committed. Refuses, marking nothing, an
     * acknowledgement of another source, and one above the highest sequence this node has numbered:
     * the receiver holds notices this node does not, so this node went back (restored from a backup);
     * the stream is then {@code REGRESSED} and the next round takes them back ({@link #verify}).
     *
     * @param firstSent the first sequence of the batch the acknowledgement answers
     * @return how many notices were newly acknowledged
     * @throws SequenceRegression when the acknowledgement is above what this node numbered
     */
    public int acknowledge(Acknowledgement ack, long firstSent) {
        if (!ack.source().equals(source)) {
            throw new IllegalStateException("acknowledgement names source " + ack.source() + ", expected " + source);
        }
        long head = jdbc.sql("SELECT last_sequence FROM notice_outbox_state WHERE id = 1").query(Long.class).single();
        if (ack.upToSequence() > head) {
            throw regressed(settings.uplink() + " acknowledged " + source + " up to " + ack.upToSequence() + " but "
                    + source + " numbered only up to " + head + ": restored from a backup; nothing marked");
        }
        if (ack.upToSequence() < firstSent - 1) {
            // The receiver has less than it once acknowledged (e.g. it was restored from a backup):
            // send everything after what it has again.
            int reopened = jdbc.sql("UPDATE notice_outbox SET acknowledged_at = NULL WHERE sequence > :upTo")
                    .param("upTo", ack.upToSequence()).update();
            log.warn("{} acknowledged only up to {} but {} had been acknowledged; re-sending {} notices",
                    settings.uplink(), ack.upToSequence(), firstSent - 1, reopened);
            return 0;
        }
        return jdbc.sql("""
                        UPDATE notice_outbox SET acknowledged_at = now()
                        WHERE sequence <= :upTo AND acknowledged_at IS NULL""")
                .param("upTo", ack.upToSequence())
                .update();
    }
}
