package jp.jukinet.service.notice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.notice.ChangeNotice;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notices a receiver acknowledged but did not apply, because the sender does not own the person as
 * far as the receiver knows ({@link NoticeOwnership}); table {@code parked_notices} (flyway location
 * {@code classpath:db/inbox}). Every method runs in the caller's transaction.
 */
public class ParkedNotices {

    /** A parked notice and why it is parked. */
    public record Parked(ChangeNotice notice, NoticeOwnership.Reason reason, Instant parkedAt) {
    }

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public ParkedNotices(JdbcTemplate template, JsonMapper json) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.reader = json.readerFor(ChangeNotice.class);
        this.writer = json.writerFor(ChangeNotice.class);
    }

    /** The parked notices about any of these residents (by the code they were parked under), oldest sequence first. */
    public List<Parked> about(Collection<ResidentCode> codes) {
        if (codes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT payload, reason, parked_at FROM parked_notices
                        WHERE resident_code = ANY(CAST(:codes AS text[])) ORDER BY source, sequence""")
                .param("codes", codes.stream().map(ResidentCode::value).distinct().toArray(String[]::new))
                .query((row, n) -> new Parked(reader.readValue(row.getString(1)),
                        NoticeOwnership.Reason.valueOf(row.getString(2)), row.getTimestamp(3).toInstant()))
                .list();
    }

    public void park(List<Parked> parked) {
        if (parked.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO parked_notices (source, sequence, resident_code, reason, payload, parked_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING""", parked, parked.size(), (ps, entry) -> {
            ps.setString(1, entry.notice().source().value());
            ps.setLong(2, entry.notice().sequence());
            ps.setString(3, entry.notice().residentCode().value());
            ps.setString(4, entry.reason().name());
            ps.setString(5, writer.writeValueAsString(entry.notice()));
            ps.setTimestamp(6, Timestamp.from(entry.parkedAt()));
        });
    }

    public void release(List<ChangeNotice> released) {
        if (released.isEmpty()) {
            return;
        }
        template.batchUpdate("DELETE FROM parked_notices WHERE source = ? AND sequence = ?", released, released.size(),
                (ps, notice) -> {
                    ps.setString(1, notice.source().value());
                    ps.setLong(2, notice.sequence());
                });
    }

    /** How many notices are parked (for operators and tests). */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM parked_notices").query(Long.class).single();
    }
}
