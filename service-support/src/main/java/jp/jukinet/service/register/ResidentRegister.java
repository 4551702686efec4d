package jp.jukinet.service.register;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.NameNormalizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tier's register of identity information: the current record of each resident
 * ({@code residents}) and every change ever recorded ({@code resident_history}), with the
 * retention end of each. The three tiers keep the same tables, so this class is written once.
 *
 * <p>All methods run in the caller's transaction. Recording is idempotent by change id: a change
 * already in the history is skipped, so a notice delivered twice changes nothing.
 *
 * <p>The current record follows the person's newest residence
 * ({@link IdentityInformation#residence()}): a change of an older residence is kept in the history
 * but never replaces the record of a newer one. Within one residence every change comes from one
 * municipality, whose notices arrive in order, so there the last one recorded is current. That is
 * what lets the 転出 at the old municipality and the 転入 at the new one reach a prefecture or the
 * national server from two sources in either order and still leave one current record.
 */
public class ResidentRegister {

    /** Days (the day received, the retention end) are days in Japan. */
    static final java.time.ZoneId JAPAN = java.time.ZoneId.of("Asia/Tokyo");

    /**
     * The history's key is named rather than listed: it is {@code (change_id)} at a CS and a
     * prefecture server, {@code (change_id, prefecture)} at J-LIS, whose history is partitioned by
     * prefecture (national V91). A change's prefecture is a function of the change, so both say "this
     * change is recorded already".
     */
    private static final String INSERT_HISTORY = """
            INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason, effective_date,
                                          notified_date, identity, previous_resident_code, recorded_at, retention_until,
                                          received_on, prefecture)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT resident_history_pkey DO NOTHING
            """;
    private static final String UPSERT_RESIDENT = """
            INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                   sex, status, identity, last_change_id, updated_at, retention_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (resident_code) DO UPDATE SET
                my_number = EXCLUDED.my_number, prefecture = EXCLUDED.prefecture,
                municipality = EXCLUDED.municipality, normalized_name = EXCLUDED.normalized_name,
                date_of_birth = EXCLUDED.date_of_birth, sex = EXCLUDED.sex, status = EXCLUDED.status,
                identity = EXCLUDED.identity, last_change_id = EXCLUDED.last_change_id,
                updated_at = EXCLUDED.updated_at,
                retention_until = GREATEST(residents.retention_until, EXCLUDED.retention_until)
            WHERE coalesce((residents.identity->>'residence')::int, 0) <= coalesce((EXCLUDED.identity->>'residence')::int, 0)
            """;

    /**
     * The changes of one (resident code, prefecture) of {@code history_prefectures p}, for a
     * {@code LATERAL} join in a read of many people's histories (the check's leaves, the as-of
     * extract): at J-LIS the executor then probes only that prefecture's history partition for each
     * row of {@code p}, instead of all 47 per person. {@code OFFSET 0} keeps the subquery a probe
     * per row: flattened into a join, the planner derives {@code resident_code = …} for the history
     * from the outer condition and probes every partition (HistoryPartitionsTest reads the plan).
     */
    public static final String IN_ITS_PARTITION = """
            SELECT * FROM resident_history h
            WHERE h.resident_code = p.resident_code AND h.prefecture = p.prefecture OFFSET 0""";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RegisterSettings settings;

    public ResidentRegister(JdbcTemplate template, JsonMapper json, RegisterSettings settings) {
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.json = json;
        this.settings = settings;
    }

    /**
     * Records changes in list order.
     *
     * @return the changes that were new (the others were already recorded and are skipped)
     */
    public List<RecordedChange> record(List<RecordedChange> changes) {
        List<RecordedChange> recorded = new ArrayList<>(changes.size());
        List<RecordedChange> segment = new ArrayList<>();
        for (RecordedChange change : changes) {
            if (change.previousResidentCode() != null) {
                recorded.addAll(recordSegment(segment));
                segment.clear();
                recorded.addAll(recordCodeChange(change));
            } else {
                segment.add(change);
            }
        }
        recorded.addAll(recordSegment(segment));
        return recorded;
    }

    /**
     * Records changes in the history only, leaving the current records alone: for changes older than
     * the current record (a CS restored from a backup takes back the changes it had sent after the
     * backup, while a clerk has changed the same person since the restore).
     *
     * @return the changes that were new
     */
    public List<RecordedChange> recordHistoryOnly(List<RecordedChange> changes) {
        return changes.isEmpty() ? List.of() : insertHistory(changes);
    }

    private List<RecordedChange> recordCodeChange(RecordedChange change) {
        List<RecordedChange> fresh = insertHistory(List.of(change));
        if (fresh.isEmpty()) {
            return fresh;
        }
        boolean newCodeHeld = jdbc.sql("SELECT EXISTS (SELECT 1 FROM residents WHERE resident_code = :current)")
                .param("current", change.identity().residentCode().value()).query(Boolean.class).single();
        if (newCodeHeld) {
            // a newer residence under the new code arrived first (from another source): the old code's
            // record is superseded, and the residence rule below decides which record stays current
            jdbc.sql("DELETE FROM residents WHERE resident_code = :previous")
                    .param("previous", change.previousResidentCode().value()).update();
        } else {
            jdbc.sql("UPDATE residents SET resident_code = :current WHERE resident_code = :previous")
                    .param("current", change.identity().residentCode().value())
                    .param("previous", change.previousResidentCode().value())
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO retired_resident_codes (retired_code, current_code, retired_at)
                        VALUES (:previous, :current, :at)
                        ON CONFLICT (retired_code) DO UPDATE SET current_code = EXCLUDED.current_code""")
                .param("previous", change.previousResidentCode().value())
                .param("current", change.identity().residentCode().value())
                .param("at", Timestamp.from(change.recordedAt()))
                .update();
        // earlier retirements now point at the newest code, so a lookup by any old code finds the person
        jdbc.sql("UPDATE retired_resident_codes SET current_code = :current WHERE current_code = :previous")
                .param("current", change.identity().residentCode().value())
                .param("previous", change.previousResidentCode().value())
                .update();
        upsertResidents(fresh);
        return fresh;
    }

    private List<RecordedChange> recordSegment(List<RecordedChange> segment) {
        if (segment.isEmpty()) {
            return List.of();
        }
        List<RecordedChange> fresh = insertHistory(segment);
        upsertResidents(fresh);
        return fresh;
    }

    private List<RecordedChange> insertHistory(List<RecordedChange> changes) {
        int[][] counts = template.batchUpdate(INSERT_HISTORY, changes, changes.size(), (ps, change) -> {
            IdentityInformation identity = change.identity();
            ps.setObject(1, change.changeId());
            ps.setString(2, identity.residentCode().value());
            ps.setString(3, change.source().value());
            if (change.sourceSequence() == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, change.sourceSequence());
            }
            ps.setString(5, identity.change().reason().name());
            ps.setDate(6, Date.valueOf(identity.change().effectiveDate()));
            ps.setDate(7, Date.valueOf(identity.change().notifiedDate()));
            ps.setString(8, change.identityJson(json));
            ps.setString(9, change.previousResidentCode() == null ? null : change.previousResidentCode().value());
            ps.setTimestamp(10, Timestamp.from(change.recordedAt()));
            ps.setDate(11, Date.valueOf(retentionUntil(change)));
            ps.setDate(12, Date.valueOf(receivedOn(change)));
            ps.setString(13, identity.municipality().prefecture().value());
        });
        List<RecordedChange> fresh = new ArrayList<>(changes.size());
        int index = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                // the driver reports SUCCESS_NO_INFO (-2) only when it cannot count; it counts here
                if (count != 0) {
                    fresh.add(changes.get(index));
                }
                index++;
            }
        }
        return fresh;
    }

    private void upsertResidents(List<RecordedChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // A change under a code the person no longer holds (retired by a change of resident code) is
        // older than that change: it can only come from an older residence's municipality, later than
        // the new one's notices. It belongs to the history, not to the current record.
        java.util.Set<String> retired = new java.util.HashSet<>(jdbc.sql(
                        "SELECT retired_code FROM retired_resident_codes WHERE retired_code = ANY(:codes)")
                .param("codes", changes.stream().map(change -> change.identity().residentCode().value())
                        .distinct().toArray(String[]::new))
                .query(String.class).list());
        if (!retired.isEmpty()) {
            changes = changes.stream()
                    .filter(change -> !retired.contains(change.identity().residentCode().value()))
                    .toList();
        }
        // within a run without code changes only each resident's last change of their newest residence
        // decides the current record
        java.util.Map<ResidentCode, RecordedChange> last = new java.util.LinkedHashMap<>();
        for (RecordedChange change : changes) {
            RecordedChange earlier = last.get(change.identity().residentCode());
            if (earlier != null && earlier.identity().residence() > change.identity().residence()) {
                continue;
            }
            last.remove(change.identity().residentCode());
            last.put(change.identity().residentCode(), change);
        }
        List<RecordedChange> latest = supersedeOtherCodes(List.copyOf(last.values()));
        template.batchUpdate(UPSERT_RESIDENT, latest, latest.size(), this::bindResident);
    }

    /**
     * A My Number is never issued twice, so a record under another resident code with the same My
     * Number is the same person under a code changed in a residence whose notices came by another
     * source. The newer residence keeps the record: an older incoming change goes to the history
     * only, a newer one replaces the other code's record.
     */
    private List<RecordedChange> supersedeOtherCodes(List<RecordedChange> changes) {
        java.util.Map<String, RecordedChange> byNumber = new java.util.HashMap<>();
        changes.forEach(change -> byNumber.put(change.identity().myNumber().value(), change));
        List<Object[]> others = jdbc.sql("""
                        SELECT resident_code, my_number, coalesce((identity->>'residence')::int, 0) FROM residents
                        WHERE my_number = ANY(:numbers)""")
                .param("numbers", byNumber.keySet().toArray(String[]::new))
                .query((row, n) -> new Object[] {row.getString(1), row.getString(2), row.getInt(3)})
                .list();
        List<RecordedChange> kept = new ArrayList<>(changes);
        for (Object[] other : others) {
            RecordedChange change = byNumber.get((String) other[1]);
            if (change.identity().residentCode().value().equals(other[0])) {
                continue;
            }
            if (change.identity().residence() >= (int) other[2]) {
                jdbc.sql("DELETE FROM residents WHERE resident_code = :code").param("code", other[0]).update();
            } else {
                kept.remove(change);
            }
        }
        return kept;
    }

    private void bindResident(PreparedStatement ps, RecordedChange change) throws SQLException {
        IdentityInformation identity = change.identity();
        ps.setString(1, identity.residentCode().value());
        ps.setString(2, identity.myNumber().value());
        ps.setString(3, identity.municipality().prefecture().value());
        ps.setString(4, identity.municipality().value());
        ps.setString(5, normalizedName(identity));
        ps.setDate(6, Date.valueOf(identity.dateOfBirth()));
        ps.setString(7, identity.sex().name());
        ps.setString(8, identity.status().name());
        ps.setString(9, change.identityJson(json));
        ps.setObject(10, change.changeId());
        ps.setTimestamp(11, Timestamp.from(change.recordedAt()));
        ps.setDate(12, Date.valueOf(retentionUntil(change)));
    }

    /**
     * Applies a RESYNC (整合性確認's repair, docs/architecture.md F8) received from {@code source}: its
     * current record of the resident ({@code identity}, whose last change is {@code lastChangeId})
     * replaces this node's, whatever this node held (a row changed or deleted by hand, a lost
     * notice), unless this node's record is of a newer residence (then the history keeps it, as for
     * any older change). The last change is added to the history if this node lacks it, and the
     * RESYNC itself, with the record it replaced, to {@code register_resyncs}: nothing replaced is
     * lost. Idempotent by {@code resyncId} (the notice's own change id).
     *
     * @return whether the RESYNC was new here (a second delivery changes nothing)
     */
    public boolean resync(UUID resyncId, jp.jukinet.model.notice.NodeId source, long sourceSequence, java.time.Instant at,
                          IdentityInformation identity, UUID lastChangeId) {
        boolean seen = jdbc.sql("SELECT EXISTS (SELECT 1 FROM register_resyncs WHERE change_id = :id)")
                .param("id", resyncId).query(Boolean.class).single();
        if (seen) {
            return false;
        }
        String code = identity.residentCode().value();
        Optional<Object[]> before = jdbc.sql(
                        "SELECT last_change_id, status, identity::text FROM residents WHERE resident_code = :code FOR UPDATE")
                .param("code", code)
                .query((row, n) -> new Object[] {row.getObject(1, UUID.class), row.getString(2), row.getString(3)})
                .optional();
        RecordedChange last = new RecordedChange(lastChangeId, source, sourceSequence, at, identity, null, null);
        insertHistory(List.of(last));
        List<RecordedChange> current = supersedeOtherCodes(List.of(last));
        int replaced = current.isEmpty() ? 0
                : template.update(UPSERT_RESIDENT, ps -> bindResident(ps, last));
        jdbc.sql("""
                        INSERT INTO register_resyncs (change_id, resident_code, source, source_sequence, last_change_id,
                                                      replaced_change_id, replaced_status, replaced_identity, replaced,
                                                      recorded_at)
                        VALUES (:id, :code, :source, :sequence, :last, :beforeId, :beforeStatus,
                                CAST(:beforeIdentity AS jsonb), :replaced, :at)""")
                .param("id", resyncId).param("code", code).param("source", source.value())
                .param("sequence", sourceSequence).param("last", lastChangeId)
                .param("beforeId", before.map(row -> row[0]).orElse(null))
                .param("beforeStatus", before.map(row -> row[1]).orElse(null))
                .param("beforeIdentity", before.map(row -> row[2]).orElse(null))
                .param("replaced", replaced > 0)
                .param("at", Timestamp.from(at))
                .update();
        return true;
    }

    /**
     * Records at the sender that it sent its current record of a resident again as the RESYNC
     * {@code resyncId} (its own record is not changed).
     */
    public void resyncSent(UUID resyncId, jp.jukinet.model.notice.NodeId self, java.time.Instant at,
                           ResidentCode code, UUID lastChangeId) {
        jdbc.sql("""
                        INSERT INTO register_resyncs (change_id, resident_code, source, last_change_id, replaced, recorded_at)
                        VALUES (:id, :code, :source, :last, false, :at)""")
                .param("id", resyncId).param("code", code.value()).param("source", self.value())
                .param("last", lastChangeId).param("at", Timestamp.from(at))
                .update();
    }

    /** The name as compared when matching by 4 info (see {@link NameNormalizer}). */
    public static String normalizedName(IdentityInformation identity) {
        return NameNormalizer.normalize(identity.name().family() + identity.name().given());
    }

    /**
     * The day this node received the change: the day in Japan of the moment it recorded it (on the
     * node's clock). The statutory retention counts from it (通知を受けた日から起算して150年), not from
     * the 届出年月日 ({@code notifiedDate}) the change carries.
     */
    public static LocalDate receivedOn(RecordedChange change) {
        return LocalDate.ofInstant(change.recordedAt(), JAPAN);
    }

    /** How long a change is kept from the day this node received it ({@link RegisterSettings}). */
    public java.time.Period retention() {
        return settings.retention();
    }

    /** The last day the change is kept: the day received plus the retention ({@link RegisterSettings}). */
    private LocalDate retentionUntil(RecordedChange change) {
        return receivedOn(change).plus(settings.retention());
    }

    /** The current record of a resident, found by their current or any retired resident code. */
    public Optional<IdentityInformation> find(ResidentCode code) {
        return jdbc.sql("""
                        SELECT identity FROM residents WHERE resident_code = :code
                        UNION ALL
                        SELECT r.identity FROM retired_resident_codes x JOIN residents r ON r.resident_code = x.current_code
                        WHERE x.retired_code = :code
                        LIMIT 1""")
                .param("code", code.value())
                .query((row, n) -> json.readValue(row.getString(1), IdentityInformation.class))
                .optional();
    }

    /**
     * The current records of many residents at once, each found by its current or a retired
     * resident code: keyed by the code asked for; codes nobody holds are absent.
     */
    public java.util.Map<ResidentCode, IdentityInformation> findAll(java.util.Collection<ResidentCode> codes) {
        java.util.Map<ResidentCode, IdentityInformation> found = new java.util.HashMap<>();
        if (codes.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        SELECT q.code, r.identity
                        FROM unnest(CAST(:codes AS text[])) AS q(code)
                        LEFT JOIN retired_resident_codes x ON x.retired_code = q.code
                        JOIN residents r ON r.resident_code = coalesce(x.current_code, q.code)""")
                .param("codes", codes.stream().map(ResidentCode::value).distinct().toArray(String[]::new))
                .query((row, n) -> found.put(ResidentCode.of(row.getString(1).trim()),
                        json.readValue(row.getString(2), IdentityInformation.class)))
                .list();
        return found;
    }

    /** The current records that hold any of these My Numbers, keyed by the number. */
    public java.util.Map<MyNumber, IdentityInformation> holdersOf(java.util.Collection<MyNumber> numbers) {
        java.util.Map<MyNumber, IdentityInformation> found = new java.util.HashMap<>();
        if (numbers.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT identity FROM residents WHERE my_number = ANY(CAST(:numbers AS text[]))")
                .param("numbers", numbers.stream().map(MyNumber::value).distinct().toArray(String[]::new))
                .query((row, n) -> json.readValue(row.getString(1), IdentityInformation.class))
                .list()
                .forEach(identity -> found.put(identity.myNumber(), identity));
        return found;
    }

    /** Like {@link #find}, locking the resident's row until the transaction ends. */
    public Optional<IdentityInformation> findForUpdate(ResidentCode code) {
        return jdbc.sql("SELECT identity FROM residents WHERE resident_code = :code FOR UPDATE")
                .param("code", code.value())
                .query((row, n) -> json.readValue(row.getString(1), IdentityInformation.class))
                .optional();
    }

    /**
     * Every recorded change of the person who holds (or held) {@code code}, oldest first. One
     * statement on the history, which at J-LIS probes all 47 partitions: for one person that costs
     * less than the probe through {@code history_prefectures} that many-person reads use
     * ({@link #IN_ITS_PARTITION}; measured in docs/benchmarks.md "Partitioning J-LIS's history").
     */
    public List<HistoryEntry> history(ResidentCode code) {
        return jdbc.sql("""
                        WITH person AS (
                            SELECT coalesce((SELECT current_code FROM retired_resident_codes WHERE retired_code = :code),
                                            :code) AS current_code),
                        codes AS (
                            SELECT current_code AS code FROM person
                            UNION SELECT retired_code FROM retired_resident_codes, person
                                  WHERE retired_resident_codes.current_code = person.current_code)
                        SELECT change_id, reason, effective_date, notified_date, recorded_at, source, source_sequence,
                               retention_until, identity
                        FROM resident_history WHERE resident_code IN (SELECT code FROM codes)
                        ORDER BY recorded_at, source, source_sequence""")
                .param("code", code.value())
                .query(this::toHistoryEntry)
                .list();
    }

    private HistoryEntry toHistoryEntry(ResultSet row, int n) throws SQLException {
        return new HistoryEntry(row.getObject("change_id", UUID.class), ChangeReason.valueOf(row.getString("reason")),
                row.getDate("effective_date").toLocalDate(), row.getDate("notified_date").toLocalDate(),
                row.getTimestamp("recorded_at").toInstant(), row.getString("source"),
                row.getObject("source_sequence", Long.class), row.getDate("retention_until").toLocalDate(),
                json.readValue(row.getString("identity"), IdentityInformation.class));
    }

    /**
     * Removes every history row and every resident record whose retention end has passed on
     * {@code today}.
     *
     * @return rows removed
     */
    public int purgeExpired(LocalDate today) {
        int history = jdbc.sql("DELETE FROM resident_history WHERE retention_until < :today")
                .param("today", Date.valueOf(today)).update();
        int residents = jdbc.sql("DELETE FROM residents WHERE retention_until < :today")
                .param("today", Date.valueOf(today)).update();
        return history + residents;
    }
}
