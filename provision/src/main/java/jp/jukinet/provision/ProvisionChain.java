package jp.jukinet.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The hash chain of the provision records: {@code hash(n) = SHA-256(hash(n−1) ‖ canonical(row n))}
 * with {@code hash(0)} = 32 zero bytes.
 *
 * <p>The canonical encoding of a row (version 1) is the ASCII tag {@code jukinet-provision-record-v1},
 * then {@code seq} as 8 bytes big-endian, {@code recorded_at} as microseconds since the epoch in 8
 * bytes big-endian (the column's precision), then {@code recipient}, {@code basis},
 * {@code resident_code}, {@code lookup_key}, {@code fields}, {@code outcome}, {@code refusal}, each as
 * its UTF-8 bytes preceded by their length as 4 bytes big-endian, with a length of −1 for
 * {@code null}. Length prefixes make the encoding unambiguous: no two different rows encode the
 * same bytes. Anyone can recompute it from the table alone.
 */
public final class ProvisionChain {

    /** The previous hash of the first record. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] TAG = "jukinet-provision-record-v1".getBytes(StandardCharsets.US_ASCII);

    private ProvisionChain() {
    }

    /** One row as stored, the input of the hash. */
    public record Row(long seq, Instant recordedAt, String recipient, String basis, String residentCode,
                      String lookupKey, String fields, String outcome, String refusal) {

        /** Shows no resident code. */
        @Override
        public String toString() {
            return "Row[seq=" + seq + ", recordedAt=" + recordedAt + ", recipient=" + recipient + ", basis=" + basis
                    + ", outcome=" + outcome + "]";
        }
    }

    /** The time as stored: PostgreSQL keeps microseconds. */
    public static Instant storedPrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static byte[] hash(byte[] previous, Row row) {
        return new Hasher().hash(previous, row);
    }

    static byte[] canonical(Row row) {
        Hasher hasher = new Hasher();
        hasher.encode(row);
        return Arrays.copyOf(hasher.buffer, hasher.length);
    }

    /**
     * Hashes many rows, one after the other, reusing its digest and buffer (an append hashes
     * thousands). Not thread-safe: one per append.
     */
    public static final class Hasher {

        private final MessageDigest sha256 = sha256();
        private byte[] buffer = new byte[256];
        private int length;

        /** {@code SHA-256(previous ‖ canonical(row))}. */
        public byte[] hash(byte[] previous, Row row) {
            encode(row);
            sha256.update(previous);
            sha256.update(buffer, 0, length);
            return sha256.digest();
        }

        private void encode(Row row) {
            length = 0;
            ensure(TAG.length);
            System.arraycopy(TAG, 0, buffer, 0, TAG.length);
            length = TAG.length;
            writeLong(row.seq());
            Instant at = row.recordedAt();
            writeLong(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
            writeText(row.recipient());
            writeText(row.basis());
            writeText(row.residentCode());
            writeText(row.lookupKey());
            writeText(row.fields());
            writeText(row.outcome());
            writeText(row.refusal());
        }

        private void writeText(String text) {
            if (text == null) {
                writeInt(-1);
                return;
            }
            int chars = text.length();
            ensure(4 + chars);
            int start = length + 4;
            for (int i = 0; i < chars; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) { // not ASCII: the general encoder
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    writeInt(bytes.length);
                    ensure(bytes.length);
                    System.arraycopy(bytes, 0, buffer, length, bytes.length);
                    length += bytes.length;
                    return;
                }
                buffer[start + i] = (byte) c;
            }
            writeInt(chars); // ASCII: one byte per char, already in place after the length
            length += chars;
        }

        private void writeLong(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        private void writeInt(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
