package jp.jukinet.provision.heads;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.json.JsonMapper;

/**
 * The export of a node's provision chain that an auditor verifies offline
 * ({@link OfflineChainVerifier}): one NDJSON file, each line one object with one of these members:
 * <ol>
 *   <li>{@code format} (first line): {@value #FORMAT}, with {@code node} and {@code exportedAt};</li>
 *   <li>{@code key}: a node's Ed25519 public key ({@code node}, {@code publicKey}: base64 X.509
 *       SubjectPublicKeyInfo), as the exporting node holds it from the PKI. An auditor should pin
 *       the owner's key with the PKI's own copy ({@code --key}): a key in the file proves nothing
 *       about who made the file;</li>
 *   <li>{@code head}: a signed head ({@link SignedHead}) and {@code heldBy}, the node it was read
 *       from: every head the other tiers hold of this chain, and one the node signed for the export;</li>
 *   <li>{@code record}: a provision record as stored, in seq order: every column of
 *       {@code provision_records} ({@code previousHash} and {@code hash} in hex).</li>
 * </ol>
 * The records carry no name, address, birth date or My Number (the table has none), but they do
 * carry resident codes: the export is personal data, handed to an auditor as the statute allows.
 */
public final class ChainExport {

    public static final String FORMAT = "jukinet-provision-chain-export-v1";

    /** One line of the file; exactly one member besides {@code node} is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(String format, String node, String exportedAt, Key key, Head head, StoredRecord record) {
    }

    public record Key(String node, String publicKey) {
    }

    public record Head(String heldBy, SignedHead signed) {
    }

    /** A record as stored; {@code recordedAt} as ISO-8601 with microseconds. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoredRecord(long seq, String recordedAt, String recipient, String basis, String residentCode,
                         String lookupKey, String fields, String outcome, String refusal, String previousHash,
                         String hash) {
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FETCH_SIZE = 10_000;

    private ChainExport() {
    }

    /**
     * Writes the export of {@code node}'s chain to {@code out}: the header, {@code keys}, the
     * {@code heads} by holder, then every record read from {@code connection} in one repeatable-read
     * snapshot with a cursor (constant memory however long the chain).
     *
     * @return how many records were written
     */
    public static long write(OutputStream out, Connection connection, String node, Instant exportedAt,
                             Map<String, PublicKey> keys, Map<String, List<SignedHead>> heads) throws SQLException {
        line(out, new Line(FORMAT, node, exportedAt.toString(), null, null, null));
        keys.forEach((owner, key) -> line(out, new Line(null, null, null, new Key(owner, HeadKeys.encode(key)), null, null)));
        heads.forEach((holder, list) -> list.forEach(head ->
                line(out, new Line(null, null, null, null, new Head(holder, head), null))));
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        long written = 0;
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            HexFormat hex = HexFormat.of();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT seq, recorded_at, recipient, basis, resident_code, lookup_key, fields, outcome, refusal,
                           previous_hash, hash
                    FROM provision_records ORDER BY seq""")) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        line(out, new Line(null, null, null, null, null, new StoredRecord(row.getLong("seq"),
                                row.getObject("recorded_at", OffsetDateTime.class).toInstant().toString(),
                                row.getString("recipient"), row.getString("basis"), row.getString("resident_code"),
                                row.getString("lookup_key"), row.getString("fields"), row.getString("outcome"),
                                row.getString("refusal"), hex.formatHex(row.getBytes("previous_hash")),
                                hex.formatHex(row.getBytes("hash")))));
                        written++;
                    }
                }
            }
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(autoCommit);
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private static void line(OutputStream out, Line line) {
        try {
            out.write(JSON.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
    }
}
