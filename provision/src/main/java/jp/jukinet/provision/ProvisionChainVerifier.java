package jp.jukinet.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Walks the provision records in chain order and recomputes every link (see
 * {@link ProvisionChain}). It names the first record where the chain breaks:
 * <ul>
 *   <li>a seq missing (a record deleted), or out of place;</li>
 *   <li>a record whose {@code previous_hash} is not the hash of the record before it (a record
 *       replaced together with its own hash, or removed);</li>
 *   <li>a record whose content no longer gives its {@code hash} (a record edited);</li>
 *   <li>a head that does not point at the last record (records cut from the end).</li>
 * </ul>
 * It reads with a server-side cursor, so memory stays constant however long the chain is.
 */
public final class ProvisionChainVerifier {

    private static final int FETCH_SIZE = 10_000;

    private ProvisionChainVerifier() {
    }

    public static ChainVerification verify(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return walk(connection);
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static ChainVerification walk(Connection connection) throws SQLException {
        long headSeq;
        byte[] headHash;
        try (PreparedStatement head = connection.prepareStatement("SELECT last_seq, last_hash FROM provision_chain_head");
             ResultSet row = head.executeQuery()) {
            if (!row.next()) {
                return new ChainVerification(0, 0L, "the chain head row is missing", 0, hex(ProvisionChain.GENESIS));
            }
            headSeq = row.getLong(1);
            headHash = row.getBytes(2);
        }
        byte[] previous = ProvisionChain.GENESIS;
        ProvisionChain.Hasher hasher = new ProvisionChain.Hasher();
        long expected = 1;
        long checked = 0;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT seq, recorded_at, recipient, basis, resident_code, lookup_key, fields, outcome, refusal,
                       previous_hash, hash
                FROM provision_records ORDER BY seq""")) {
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    checked++;
                    long seq = row.getLong("seq");
                    if (seq != expected) {
                        return broken(checked, expected, "record " + expected + " is missing (the next record is " + seq
                                + ")", previous);
                    }
                    if (!Arrays.equals(row.getBytes("previous_hash"), previous)) {
                        return broken(checked, seq, "its previous hash is not the hash of record " + (seq - 1)
                                + " (a record before it was replaced or removed)", previous);
                    }
                    ProvisionChain.Row content = new ProvisionChain.Row(seq,
                            row.getObject("recorded_at", OffsetDateTime.class).toInstant(), row.getString("recipient"),
                            row.getString("basis"), row.getString("resident_code"), row.getString("lookup_key"),
                            row.getString("fields"), row.getString("outcome"), row.getString("refusal"));
                    byte[] hash = hasher.hash(previous, content);
                    if (!Arrays.equals(row.getBytes("hash"), hash)) {
                        return broken(checked, seq, "its content does not give its hash (the record was edited)", previous);
                    }
                    previous = hash;
                    expected = seq + 1;
                }
            }
        }
        long last = expected - 1;
        if (headSeq != last || !Arrays.equals(headHash, previous)) {
            return broken(checked, headSeq, "the chain head points at record " + headSeq + " but the chain ends at record "
                    + last + " (records were removed from the end, or the head was changed)", previous);
        }
        return new ChainVerification(checked, null, null, last, hex(previous));
    }

    private static ChainVerification broken(long checked, long at, String problem, byte[] lastGood) {
        return new ChainVerification(checked, at, problem, at - 1, hex(lastGood));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
