package jp.jukinet.provision;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.RefusalReason;

/**
 * The provision records of this node (F7): append-only, hash-chained (see {@link ProvisionChain}).
 *
 * <p>{@link #append} extends the chain by moving {@code provision_chain_head} from the seq and
 * hash it chained to, so concurrent writers (threads or replicas) chain one after another; it
 * writes a whole list with one statement, so a batch lookup records a chunk of people at the cost
 * of one round trip and one commit.
 */
public class ProvisionRecords {

    /**
     * Moves the head from the seq and hash the records were chained to, and inserts them, in one
     * statement (one transaction in autocommit, one round trip). If another writer moved the head
     * first, the update matches no row and nothing is inserted.
     */
    private static final String APPEND = """
            WITH moved AS (
                UPDATE provision_chain_head SET last_seq = ?, last_hash = ?
                WHERE last_seq = ? AND last_hash = ?
                RETURNING last_seq)
            INSERT INTO provision_records (seq, recorded_at, recipient, basis, resident_code, lookup_key, fields, outcome,
                                           refusal, previous_hash, hash)
            SELECT u.seq, ?, u.recipient, u.basis, u.resident_code, u.lookup_key, u.fields, u.outcome, u.refusal,
                   u.previous_hash, u.hash
            FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::bytea[], ?::bytea[]) AS u(seq, recipient, basis, resident_code, lookup_key, fields, outcome,
                                                     refusal, previous_hash, hash)
            WHERE EXISTS (SELECT 1 FROM moved)
            """;

    /** How often an append starts again after other writers moved the head before it got there. */
    private static final int MAX_ATTEMPTS = 100;

    /** The last seq and hash of the chain. */
    private record Head(long seq, byte[] hash) {
    }

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    /** The head as this writer last left it: a guess that saves reading it, checked by {@link #APPEND}. */
    private final java.util.concurrent.atomic.AtomicReference<Head> lastAppended = new java.util.concurrent.atomic.AtomicReference<>();

    public ProvisionRecords(JdbcTemplate template, Clock clock) {
        this(template, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** @param meters counts the records appended by rule and outcome ({@code jukinet.provisions}) */
    public ProvisionRecords(JdbcTemplate template, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.template = template;
        this.jdbc = JdbcClient.create(template);
        this.clock = clock;
    }

    /**
     * Appends {@code records} to the chain in list order, all with the same time, and commits them
     * with the move of the head (in autocommit; inside a transaction, with it).
     *
     * <p>The records are chained to the head this writer left, without reading it; one statement
     * moves the head from exactly that seq and hash and inserts them. When another writer (a
     * replica, or a transaction that was rolled back) moved it otherwise, the statement changes
     * nothing, and the records are chained again to the head as read. Writers therefore chain one
     * after the other, and the usual append costs one round trip and one commit.
     *
     * @return the seq of the last record appended (the head's for an empty list)
     */
    public long append(List<ProvisionRecord> records) {
        if (records.isEmpty()) {
            return readHead().seq();
        }
        Head head = lastAppended.get();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Head from = head != null ? head : readHead();
            Head appended = template.execute((ConnectionCallback<Head>) connection -> tryAppend(connection, from, records));
            if (appended != null) {
                lastAppended.set(appended);
                count(records);
                return appended.seq();
            }
            head = null;
        }
        throw new IllegalStateException("the provision chain's head kept moving: " + MAX_ATTEMPTS + " attempts to append failed");
    }

    /** Provisions by rule and outcome, for the operators' dashboard: no recipient, no resident. */
    private void count(List<ProvisionRecord> records) {
        for (ProvisionRecord record : records) {
            meters.counter("jukinet.provisions", "basis", record.basis(), "outcome", record.outcome().name()).increment();
        }
    }

    private Head readHead() {
        return jdbc.sql("SELECT last_seq, last_hash FROM provision_chain_head")
                .query((row, n) -> new Head(row.getLong(1), row.getBytes(2)))
                .single();
    }

    /** The new head, or {@code null} when {@code head} was no longer the chain's head. */
    private Head tryAppend(Connection connection, Head head, List<ProvisionRecord> records) throws SQLException {
        Instant at = ProvisionChain.storedPrecision(clock.instant());
        int size = records.size();
        Long[] seqs = new Long[size];
        String[][] columns = new String[7][size];
        byte[][] previousHashes = new byte[size][];
        byte[][] hashes = new byte[size][];
        byte[] previous = head.hash();
        long seq = head.seq();
        ProvisionChain.Hasher hasher = new ProvisionChain.Hasher();
        // the records of a chunk share a few sets of fields: join each set once
        Map<Set<IdentityField>, String> fieldLists = new HashMap<>();
        for (int i = 0; i < size; i++) {
            ProvisionRecord record = records.get(i);
            seq++;
            ProvisionChain.Row row = new ProvisionChain.Row(seq, at, record.recipient(), record.basis(),
                    record.resident() == null ? null : record.resident().value(), record.key().name(),
                    fieldLists.computeIfAbsent(record.fields(), fields -> record.fieldList()),
                    record.outcome().name(), record.refusal() == null ? null : record.refusal().name());
            byte[] hash = hasher.hash(previous, row);
            seqs[i] = seq;
            columns[0][i] = row.recipient();
            columns[1][i] = row.basis();
            columns[2][i] = row.residentCode();
            columns[3][i] = row.lookupKey();
            columns[4][i] = row.fields();
            columns[5][i] = row.outcome();
            columns[6][i] = row.refusal();
            previousHashes[i] = previous;
            hashes[i] = hash;
            previous = hash;
        }
        try (PreparedStatement append = connection.prepareStatement(APPEND)) {
            append.setLong(1, seq);
            append.setBytes(2, previous);
            append.setLong(3, head.seq());
            append.setBytes(4, head.hash());
            append.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            // seqs and hashes as binary arrays: no text to format here and parse there
            Array[] arrays = new Array[columns.length + 3];
            try {
                arrays[0] = connection.createArrayOf("int8", seqs);
                for (int c = 0; c < columns.length; c++) {
                    arrays[c + 1] = connection.createArrayOf("text", columns[c]);
                }
                arrays[columns.length + 1] = connection.createArrayOf("bytea", previousHashes);
                arrays[columns.length + 2] = connection.createArrayOf("bytea", hashes);
                for (int a = 0; a < arrays.length; a++) {
                    append.setArray(a + 6, arrays[a]);
                }
                return append.executeUpdate() == size ? new Head(seq, previous) : null;
            } finally {
                for (Array array : arrays) {
                    if (array != null) {
                        array.free();
                    }
                }
            }
        }
    }

    /** A stored record, as a resident or an operator reads it. */
    public record Stored(long seq, Instant at, String recipient, String basis, Set<IdentityField> fields,
                         ProvisionOutcome outcome, RefusalReason refusal) {
    }

    /**
     * The records about the person who holds (or held, before a change of resident code)
     * {@code resident}, recorded in {@code [from, until)}, newest first, those before seq
     * {@code before} only (for the next page), at most {@code limit}.
     */
    public List<Stored> about(ResidentCode resident, Instant from, Instant until, long before, int limit) {
        List<String> codes = new ArrayList<>();
        codes.add(resident.value());
        codes.addAll(jdbc.sql("SELECT retired_code FROM retired_resident_codes WHERE current_code = CAST(:code AS char(11))")
                .param("code", resident.value())
                .query(String.class)
                .list());
        // one code (the usual case) reads the index (resident_code, seq DESC) in order and stops at the limit
        String which = codes.size() == 1 ? "resident_code = CAST(:code AS char(11))"
                : "resident_code = ANY(CAST(:codes AS char(11)[]))";
        return jdbc.sql("""
                        SELECT seq, recorded_at, recipient, basis, fields, outcome, refusal
                        FROM provision_records
                        WHERE %s AND recorded_at >= :from AND recorded_at < :until AND seq < :before
                        ORDER BY seq DESC LIMIT :limit""".formatted(which))
                .param("code", resident.value())
                .param("codes", codes.toArray(String[]::new))
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .param("before", before)
                .param("limit", limit)
                .query(ProvisionRecords::stored)
                .list();
    }

    private static Stored stored(ResultSet row, int n) throws SQLException {
        String fields = row.getString("fields");
        EnumSet<IdentityField> set = EnumSet.noneOf(IdentityField.class);
        if (!fields.isEmpty()) {
            Arrays.stream(fields.split(",")).map(IdentityField::valueOf).forEach(set::add);
        }
        String refusal = row.getString("refusal");
        return new Stored(row.getLong("seq"), row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                row.getString("recipient"), row.getString("basis"), set, ProvisionOutcome.valueOf(row.getString("outcome")),
                refusal == null ? null : RefusalReason.valueOf(refusal));
    }

    /** Walks the whole chain (see {@link ProvisionChainVerifier}). */
    public ChainVerification verify() {
        return template.execute((ConnectionCallback<ChainVerification>) ProvisionChainVerifier::verify);
    }
}
