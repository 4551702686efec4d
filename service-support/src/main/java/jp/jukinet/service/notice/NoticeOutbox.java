package jp.jukinet.service.notice;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.service.register.RecordedChange;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends change notices to the node's {@code notice_outbox}, inside the caller's transaction,
 * so a change and its notice are committed together or not at all. The sequence number is not
 * assigned here but by the {@link NoticePublisher}, in commit order, so the stream has no gaps.
 */
public class NoticeOutbox {

    private static final String INSERT = """
            INSERT INTO notice_outbox (change_id, resident_code, reason, effective_date, notified_date, identity,
                                       previous_resident_code, previous_my_number, committed_at, created_at, trace_parent)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now(), ?)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Runnable onAppend;
    private final NoticeTraces traces;

    /**
     * @param onAppend called after appending, e.g. to wake the publisher once the transaction
     *                 commits
     */
    public NoticeOutbox(JdbcTemplate template, JsonMapper json, Runnable onAppend) {
        this(template, json, onAppend, NoticeTraces.NONE);
    }

    /**
     * @param traces keeps the trace of the request that appends a notice with it, so that its delivery
     *               continues that trace
     */
    public NoticeOutbox(JdbcTemplate template, JsonMapper json, Runnable onAppend, NoticeTraces traces) {
        this.traces = traces;
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.json = json;
        this.onAppend = onAppend;
    }

    public void append(RecordedChange change) {
        appendAll(List.of(change));
    }

    /** Appends in list order, in one JDBC batch; each notice's commit time is the change's recording time. */
    public void appendAll(List<RecordedChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        String traceParent = traces.currentParent();
        template.batchUpdate(INSERT, changes, changes.size(), (ps, change) -> {
            IdentityInformation identity = change.identity();
            ps.setObject(1, change.changeId());
            ps.setString(2, identity.residentCode().value());
            ps.setString(3, identity.change().reason().name());
            ps.setDate(4, Date.valueOf(identity.change().effectiveDate()));
            ps.setDate(5, Date.valueOf(identity.change().notifiedDate()));
            ps.setString(6, change.identityJson(json));
            ps.setString(7, change.previousResidentCode() == null ? null : change.previousResidentCode().value());
            ps.setString(8, change.previousMyNumber() == null ? null : change.previousMyNumber().value());
            ps.setTimestamp(9, Timestamp.from(change.recordedAt()));
            ps.setString(10, traceParent);
        });
        onAppend.run();
    }

    /**
     * Appends a RESYNC notice (整合性確認's repair, docs/architecture.md F8): the current record
     * {@code identity}, whose last change is {@code lastChangeId}, sent again under the notice's own
     * id {@code changeId}. It takes the next sequence like any notice, so it is ordered after what is
     * in flight.
     */
    public void appendResync(UUID changeId, IdentityInformation identity, UUID lastChangeId, Instant at) {
        jdbc.sql("""
                        INSERT INTO notice_outbox (change_id, resident_code, reason, effective_date, notified_date, identity,
                                                   committed_at, created_at, resync_of, trace_parent)
                        VALUES (:id, :code, :reason, :effective, :notified, CAST(:identity AS jsonb), :at, now(), :of,
                                :trace)""")
                .param("id", changeId)
                .param("code", identity.residentCode().value())
                .param("reason", identity.change().reason().name())
                .param("effective", Date.valueOf(identity.change().effectiveDate()))
                .param("notified", Date.valueOf(identity.change().notifiedDate()))
                .param("identity", json.writeValueAsString(identity))
                .param("at", Timestamp.from(at))
                .param("of", lastChangeId)
                .param("trace", traces.currentParent())
                .update();
        onAppend.run();
    }

    /** Notices not yet acknowledged by the receiver. */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL").query(Long.class).single();
    }
}
