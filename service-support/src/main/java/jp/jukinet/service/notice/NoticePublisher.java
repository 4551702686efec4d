package jp.jukinet.service.notice;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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
 */
public class NoticePublisher extends OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(NoticePublisher.class);

    private final NodeId source;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NoticeSender sender;
    private final OutboxSettings settings;
    private final JsonMapper json;

    public NoticePublisher(NodeId source, JdbcClient jdbc, TransactionTemplate transactions, NoticeSender sender,
                           OutboxSettings settings, JsonMapper json) {
        super("notice-publisher-" + source, "Delivering notices of " + source + " to " + settings.uplink(),
                settings.pollInterval(), settings.initialBackoff(), settings.maxBackoff());
        this.source = source;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sender = sender;
        this.settings = settings;
        this.json = json;
    }

    /**
     * One round: numbers what was committed since the last round and delivers one batch.
     *
     * @return how many notices the receiver newly acknowledged
     * @throws RuntimeException when the delivery failed; nothing is lost, the next round retries
     */
    @Override
    public int publishOnce() {
        assignSequences();
        EncodedBatch batch = encodePending();
        if (batch == null) {
            return 0;
        }
        Acknowledgement ack = sender.send(batch);
        return acknowledge(ack, batch.firstSequence());
    }

    /**
     * The oldest unacknowledged notices as the JSON of a {@link ChangeNoticeBatch}, written straight
     * from the outbox rows: the identity JSON goes out as it was stored when the change committed.
     */
    public EncodedBatch encodePending() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        long[] range = {0, 0};
        int[] count = {0};
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringProperty("source", source.value());
            out.writeName("notices");
            out.writeStartArray();
            jdbc.sql("""
                            SELECT sequence, change_id, resident_code, reason, effective_date, notified_date, identity,
                                   previous_resident_code, previous_my_number, committed_at, resync_of
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
        return count[0] == 0 ? null : new EncodedBatch(source, range[0], range[1], count[0], bytes.toByteArray());
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

    private int acknowledge(Acknowledgement ack, long firstSent) {
        if (!ack.source().equals(source)) {
            throw new IllegalStateException("acknowledgement names source " + ack.source() + ", expected " + source);
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
