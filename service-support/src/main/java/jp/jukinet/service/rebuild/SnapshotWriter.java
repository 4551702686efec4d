package jp.jukinet.service.rebuild;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a register snapshot (F8: J-LIS rebuilt from the prefecture servers, a prefecture server from
 * its CSs) as NDJSON, line by line as it is read, in the caller's {@link #transactions} transaction
 * ({@code REPEATABLE READ}, read-only: every line of one consistent state however long the stream
 * runs; rows fetched 1,000 at a time, so memory stays bounded). Every line is an object with
 * {@code kind}: the node's {@code head}; the register's {@code resident}, {@code history} (with
 * {@code sequence}, the sequence of its notice in this node's outbox when numbered, and
 * {@code previousMyNumber} from the outbox) and {@code retired-code} lines ({@link #register});
 * what else the node holds ({@link #lines}); and {@code end} with the count of each kind
 * ({@link #end}). A stream without its end line was cut off and is no snapshot
 * ({@link SnapshotReader}). The lines carry personal data; nothing of them is logged.
 */
public final class SnapshotWriter {

    public static final String MEDIA_TYPE = "application/x-ndjson";
    private static final int FETCH_SIZE = 1_000;

    /** One line of a row. */
    @FunctionalInterface
    public interface LineOf {
        Map<String, Object> line(ResultSet row) throws SQLException;
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final OutputStream out;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    public SnapshotWriter(JdbcTemplate jdbc, JsonMapper json, OutputStream out) {
        this.jdbc = jdbc;
        this.json = json;
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    /** A {@link JdbcTemplate} that fetches rows 1,000 at a time (a snapshot streams millions). */
    public static JdbcTemplate fetching(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setFetchSize(FETCH_SIZE);
        return jdbc;
    }

    /** The snapshot's transaction: repeatable read (one state for every line), read-only. */
    public static TransactionTemplate transactions(PlatformTransactionManager transactionManager) {
        TransactionTemplate snapshot = new TransactionTemplate(transactionManager);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return snapshot;
    }

    /**
     * Answers a snapshot request: NDJSON, the head line and, unless {@code part} is {@code head}, the
     * rest ({@code body}) and the end line, all in one {@link #transactions} transaction.
     *
     * @return the counts of the lines, or {@code null} when only the head was asked
     */
    public static Map<String, Long> respond(HttpServletResponse response, String part, JdbcTemplate jdbc, JsonMapper json,
                                            TransactionTemplate snapshot, Function<SnapshotWriter, Map<String, Object>> head,
                                            Consumer<SnapshotWriter> body) throws IOException {
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        SnapshotWriter out = new SnapshotWriter(jdbc, json, response.getOutputStream());
        if ("head".equals(part)) {
            snapshot.execute(status -> {
                out.line(head.apply(out));
                return null;
            });
            out.flush();
            return null;
        }
        return snapshot.execute(status -> {
            out.line(head.apply(out));
            body.accept(out);
            return out.end();
        });
    }

    /** The register's lines: every current record, every change recorded, every retired resident code. */
    public void register() {
        lines("residents", """
                SELECT resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth, sex, status,
                       identity::text AS identity, last_change_id, updated_at, retention_until
                FROM residents""", row -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "resident");
            line.put("residentCode", row.getString("resident_code"));
            line.put("myNumber", row.getString("my_number"));
            line.put("prefecture", row.getString("prefecture"));
            line.put("municipality", row.getString("municipality"));
            line.put("normalizedName", row.getString("normalized_name"));
            line.put("dateOfBirth", row.getString("date_of_birth"));
            line.put("sex", row.getString("sex"));
            line.put("status", row.getString("status"));
            line.put("identity", row.getString("identity"));
            line.put("lastChangeId", row.getString("last_change_id"));
            line.put("updatedAt", instant(row, "updated_at"));
            line.put("retentionUntil", row.getString("retention_until"));
            return line;
        });
        lines("history", """
                SELECT h.change_id, h.resident_code, o.sequence, h.reason, h.effective_date, h.notified_date,
                       h.identity::text AS identity, h.previous_resident_code, o.previous_my_number, h.recorded_at,
                       h.received_on, h.retention_until
                FROM resident_history h LEFT JOIN notice_outbox o ON o.change_id = h.change_id""", row -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "history");
            line.put("changeId", row.getString("change_id"));
            line.put("residentCode", row.getString("resident_code"));
            line.put("sequence", row.getObject("sequence"));
            line.put("reason", row.getString("reason"));
            line.put("effectiveDate", row.getString("effective_date"));
            line.put("notifiedDate", row.getString("notified_date"));
            line.put("identity", row.getString("identity"));
            line.put("previousResidentCode", row.getString("previous_resident_code"));
            line.put("previousMyNumber", row.getString("previous_my_number"));
            line.put("recordedAt", instant(row, "recorded_at"));
            line.put("receivedOn", row.getString("received_on"));
            line.put("retentionUntil", row.getString("retention_until"));
            return line;
        });
        lines("retiredCodes", "SELECT retired_code, current_code, retired_at FROM retired_resident_codes", row -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "retired-code");
            line.put("retiredCode", row.getString("retired_code"));
            line.put("currentCode", row.getString("current_code"));
            line.put("retiredAt", instant(row, "retired_at"));
            return line;
        });
    }

    /** Writes a line per row of {@code sql}, counted under {@code countName} in the end line. */
    public long lines(String countName, String sql, LineOf lineOf) {
        long[] count = {0};
        jdbc.query(sql, (RowCallbackHandler) row -> {
            line(lineOf.line(row));
            count[0]++;
        });
        counts.merge(countName, count[0], Long::sum);
        return count[0];
    }

    /** Writes one line (the head, or a line of the caller's own). */
    public void line(Map<String, Object> line) {
        try {
            out.write(json.writeValueAsBytes(line));
            out.write('\n');
        } catch (IOException e) {
            // the caller went away: the transaction rolls back (it wrote nothing) and the stream ends without its end line
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the end line with the counts, and flushes. @return the counts */
    public Map<String, Long> end() {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("kind", "end");
        end.putAll(counts);
        line(end);
        flush();
        return Map.copyOf(counts);
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The snapshot's time, as the database's statement time (the head's {@code takenAt}). */
    public String now() {
        return jdbc.queryForObject("SELECT statement_timestamp()", Timestamp.class).toInstant().toString();
    }

    /**
     * A {@code block} line: a block of resident codes relayed to a municipality, its codes in the
     * order the municipality gives them out (the copies a rebuild of J-LIS restores its allocations from).
     */
    public static Map<String, Object> block(String blockId, String requestId, String municipality, java.sql.Array codes,
                                            String relayedAt) throws SQLException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "block");
        line.put("blockId", blockId);
        line.put("requestId", requestId);
        line.put("municipality", municipality);
        line.put("codes", java.util.List.of((Object[]) codes.getArray()));
        codes.free();
        line.put("relayedAt", relayedAt);
        return line;
    }

    public static String instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }
}
