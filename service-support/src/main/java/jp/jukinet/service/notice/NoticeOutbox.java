package jp.jukinet.service.notice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends change notices to the node's {@code notice_outbox}, inside the caller's transaction,
 * so a change and its notice are committed together or not at all. The sequence number is not
 * assigned here but by the {@link NoticePublisher}, in commit order, so the stream has no gaps.
 */
public class NoticeOutbox {

    /** One change to append. */
    public record Entry(UUID changeId, Instant committedAt, IdentityInformation identity,
                        ResidentCode previousResidentCode, MyNumber previousMyNumber) {
    }

    private static final String INSERT = """
            INSERT INTO notice_outbox (change_id, identity, previous_resident_code, previous_my_number,
                                       committed_at, created_at)
            VALUES (?, ?::jsonb, ?, ?, ?, now())
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Runnable onAppend;

    /**
     * @param onAppend called after appending, e.g. to wake the publisher once the transaction
     *                 commits
     */
    public NoticeOutbox(JdbcTemplate template, JsonMapper json, Runnable onAppend) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.json = json;
        this.onAppend = onAppend;
    }

    public void append(Entry entry) {
        appendAll(List.of(entry));
    }

    /** Appends in list order, in one JDBC batch. */
    public void appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        template.batchUpdate(INSERT, entries, entries.size(), (ps, entry) -> {
            ps.setObject(1, entry.changeId());
            ps.setString(2, json.writeValueAsString(entry.identity()));
            ps.setString(3, entry.previousResidentCode() == null ? null : entry.previousResidentCode().value());
            ps.setString(4, entry.previousMyNumber() == null ? null : entry.previousMyNumber().value());
            ps.setTimestamp(5, Timestamp.from(entry.committedAt()));
        });
        onAppend.run();
    }

    /** Notices not yet acknowledged by the receiver. */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL").query(Long.class).single();
    }
}
