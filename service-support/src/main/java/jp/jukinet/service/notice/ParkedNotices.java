package jp.jukinet.service.notice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.notice.ChangeNotice;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notices a receiver acknowledged but did not apply, because the sender does not own the person as
 * far as the receiver knows ({@link NoticeOwnership}), or because applying it failed for good
 * ({@link NoticeOwnership.Reason#REFUSED}, a poison notice); table {@code parked_notices} (flyway
 * location {@code classpath:db/inbox}), and {@code discarded_notices} for what operators discarded.
 * Every method runs in the caller's transaction.
 */
public class ParkedNotices {

    /**
     * A parked notice and why it is parked.
     *
     * @param problem for {@link NoticeOwnership.Reason#REFUSED}, what failed, without personal data
     *                ({@link NoticeFailures#problem}); {@code null} otherwise
     */
    public record Parked(ChangeNotice notice, NoticeOwnership.Reason reason, Instant parkedAt, String problem) {

        public Parked(ChangeNotice notice, NoticeOwnership.Reason reason, Instant parkedAt) {
            this(notice, reason, parkedAt, null);
        }
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
                        SELECT payload, reason, parked_at, problem FROM parked_notices
                        WHERE resident_code = ANY(CAST(:codes AS text[])) ORDER BY source, sequence""")
                .param("codes", codes.stream().map(ResidentCode::value).distinct().toArray(String[]::new))
                .query(this::parked)
                .list();
    }

    public void park(List<Parked> parked) {
        if (parked.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO parked_notices (source, sequence, resident_code, reason, payload, parked_at, problem)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING""", parked, parked.size(), (ps, entry) -> {
            ps.setString(1, entry.notice().source().value());
            ps.setLong(2, entry.notice().sequence());
            ps.setString(3, entry.notice().residentCode().value());
            ps.setString(4, entry.reason().name());
            ps.setString(5, writer.writeValueAsString(entry.notice()));
            ps.setTimestamp(6, Timestamp.from(entry.parkedAt()));
            ps.setString(7, entry.problem());
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

    /** The parked notices, oldest first (for operators), at most {@code limit}. */
    public List<Parked> list(int limit) {
        return jdbc.sql("SELECT payload, reason, parked_at, problem FROM parked_notices ORDER BY parked_at, source, sequence LIMIT :limit")
                .param("limit", limit)
                .query(this::parked)
                .list();
    }

    /** The parked notice {@code source}#{@code sequence}, locked for the caller's transaction. */
    public Optional<Parked> lock(String source, long sequence) {
        return jdbc.sql("""
                        SELECT payload, reason, parked_at, problem FROM parked_notices
                        WHERE source = :source AND sequence = :sequence FOR UPDATE""")
                .param("source", source).param("sequence", sequence)
                .query(this::parked)
                .optional();
    }

    /** Parks {@code notice} (again) as {@link NoticeOwnership.Reason#REFUSED} with its (new) problem. */
    public void refuse(ChangeNotice notice, String problem, Instant at) {
        jdbc.sql("""
                        INSERT INTO parked_notices (source, sequence, resident_code, reason, payload, parked_at, problem)
                        VALUES (:source, :sequence, :code, 'REFUSED', CAST(:payload AS jsonb), :at, :problem)
                        ON CONFLICT (source, sequence) DO UPDATE SET reason = 'REFUSED', problem = EXCLUDED.problem,
                            parked_at = EXCLUDED.parked_at""")
                .param("source", notice.source().value()).param("sequence", notice.sequence())
                .param("code", notice.residentCode().value()).param("payload", writer.writeValueAsString(notice))
                .param("at", Timestamp.from(at)).param("problem", problem)
                .update();
    }

    /** The first parked notice of {@code source} about {@code residentCode} (the head of its queue), if any. */
    public Optional<Parked> first(String source, String residentCode) {
        return jdbc.sql("""
                        SELECT payload, reason, parked_at, problem FROM parked_notices
                        WHERE source = :source AND resident_code = :code ORDER BY sequence LIMIT 1""")
                .param("source", source).param("code", residentCode)
                .query(this::parked)
                .optional();
    }

    /** Sets why a parked notice waits (a released REFUSED notice that its sender turns out not to own). */
    public void reason(ChangeNotice notice, NoticeOwnership.Reason reason) {
        jdbc.sql("UPDATE parked_notices SET reason = :reason, problem = NULL WHERE source = :source AND sequence = :sequence")
                .param("reason", reason.name()).param("source", notice.source().value())
                .param("sequence", notice.sequence()).update();
    }

    /**
     * Moves the parked notice {@code source}#{@code sequence} to {@code discarded_notices}, with who
     * discarded it and when.
     *
     * @return whether it was parked
     */
    public boolean discard(String source, long sequence, String by, Instant at) {
        return jdbc.sql("""
                        WITH gone AS (DELETE FROM parked_notices WHERE source = :source AND sequence = :sequence
                                      RETURNING source, sequence, resident_code, reason, problem, payload, parked_at)
                        INSERT INTO discarded_notices (source, sequence, resident_code, reason, problem, payload,
                                                       parked_at, discarded_by, discarded_at)
                        SELECT source, sequence, resident_code, reason, problem, payload, parked_at, :by, :at FROM gone""")
                .param("source", source).param("sequence", sequence).param("by", by).param("at", Timestamp.from(at))
                .update() == 1;
    }

    private Parked parked(ResultSet row, int n) throws SQLException {
        return new Parked(reader.readValue(row.getString(1)), NoticeOwnership.Reason.valueOf(row.getString(2)),
                row.getTimestamp(3).toInstant(), row.getString(4));
    }

    /** How many notices are parked (for operators and tests). */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM parked_notices").query(Long.class).single();
    }
}
