package jp.jukinet.service.rebuild;

import static jp.jukinet.service.rebuild.SnapshotReader.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads the register lines of one source's snapshot ({@link SnapshotWriter#register}) into this
 * node's register, in the caller's transaction, in batches of 500: history rows as this node records
 * a notice of that source (the source, the sequence of the notice in the source's outbox when it had
 * one, and the source's {@code recorded_at}/{@code received_on}/{@code retention_until}, so retention
 * counts from the source's receipt), retired resident codes, and current records staged in
 * {@code rebuild_residents}: a person who moved between two sources has a record at both, and
 * {@link #keepNewestRecords} keeps one when every source is loaded. A change is recorded once
 * whatever else a snapshot says (its change id is the key). Call {@link #flush} before the
 * transaction ends.
 */
public final class RegisterLoad {

    private static final int BATCH = 500;

    private final JdbcTemplate batches;
    private final String source;
    private final List<Object[]> residents = new ArrayList<>();
    private final List<Object[]> history = new ArrayList<>();
    private final List<Object[]> retired = new ArrayList<>();

    /** @param source the node the lines come from, the {@code source} of its history rows */
    public RegisterLoad(JdbcTemplate batches, String source) {
        this.batches = batches;
        this.source = source;
    }

    /**
     * Takes one register line ({@code resident}, {@code history}, {@code retired-code}).
     *
     * @return false when the line is of another kind (the caller's own)
     */
    public boolean accept(String kind, Map<?, ?> line) {
        switch (kind) {
            case "resident" -> {
                residents.add(new Object[] {source, text(line, "residentCode"), text(line, "myNumber"),
                        text(line, "prefecture"), text(line, "municipality"), text(line, "normalizedName"),
                        text(line, "dateOfBirth"), text(line, "sex"), text(line, "status"), text(line, "identity"),
                        text(line, "lastChangeId"), text(line, "updatedAt"), text(line, "retentionUntil")});
                if (residents.size() == BATCH) {
                    flushResidents();
                }
            }
            case "history" -> {
                Object sequence = line.get("sequence");
                history.add(new Object[] {text(line, "changeId"), text(line, "residentCode"), source,
                        sequence == null ? null : ((Number) sequence).longValue(), text(line, "reason"),
                        text(line, "effectiveDate"), text(line, "notifiedDate"), text(line, "identity"),
                        line.get("previousResidentCode"), text(line, "recordedAt"), text(line, "receivedOn"),
                        text(line, "retentionUntil"), text(line, "identity")}); // the last: the change's prefecture (V90)
                if (history.size() == BATCH) {
                    flushHistory();
                }
            }
            case "retired-code" -> {
                retired.add(new Object[] {text(line, "retiredCode"), text(line, "currentCode"), text(line, "retiredAt")});
                if (retired.size() == BATCH) {
                    flushRetired();
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    public void flush() {
        flushResidents();
        flushHistory();
        flushRetired();
    }

    private void flushResidents() {
        if (residents.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO rebuild_residents (source, resident_code, my_number, prefecture, municipality,
                    normalized_name, date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS date), ?, ?, CAST(? AS jsonb), CAST(? AS uuid),
                        CAST(? AS timestamptz), CAST(? AS date))""", residents);
        residents.clear();
    }

    private void flushHistory() {
        if (history.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason,
                    effective_date, notified_date, identity, previous_resident_code, recorded_at, received_on,
                    retention_until, prefecture)
                VALUES (CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS date), CAST(? AS date), CAST(? AS jsonb), ?,
                        CAST(? AS timestamptz), CAST(? AS date), CAST(? AS date), left(CAST(? AS jsonb) ->> 'municipality', 2))
                ON CONFLICT ON CONSTRAINT resident_history_pkey DO NOTHING""", history);
        history.clear();
    }

    private void flushRetired() {
        if (retired.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO retired_resident_codes (retired_code, current_code, retired_at)
                VALUES (?, ?, CAST(? AS timestamptz))
                ON CONFLICT (retired_code) DO NOTHING""", retired);
        retired.clear();
    }

    /**
     * Every source loaded: one current record per person from {@code rebuild_residents} (the newest
     * residence, then the one in force, then the latest; none under a code replaced by a change of
     * resident code, whose person holds the new one), and the staging table emptied.
     *
     * @return the records kept
     */
    public static int keepNewestRecords(JdbcTemplate jdbc) {
        int records = jdbc.update("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT DISTINCT ON (r.resident_code)
                       r.resident_code, r.my_number, r.prefecture, r.municipality, r.normalized_name, r.date_of_birth,
                       r.sex, r.status, r.identity, r.last_change_id, r.updated_at, r.retention_until
                FROM rebuild_residents r
                WHERE NOT EXISTS (SELECT 1 FROM retired_resident_codes x WHERE x.retired_code = r.resident_code)
                ORDER BY r.resident_code, coalesce((r.identity->>'residence')::int, 0) DESC,
                         (r.status = 'ACTIVE') DESC, r.updated_at DESC""");
        jdbc.update("DELETE FROM rebuild_residents");
        return records;
    }
}
