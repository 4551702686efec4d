package jp.jukinet.service.provision;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(canonical(row));
        return sha256.digest();
    }

    static byte[] canonical(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(TAG);
        writeLong(out, row.seq());
        Instant at = row.recordedAt();
        writeLong(out, Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
        for (String text : new String[] {row.recipient(), row.basis(), row.residentCode(), row.lookupKey(),
                row.fields(), row.outcome(), row.refusal()}) {
            if (text == null) {
                writeInt(out, -1);
            } else {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                writeInt(out, bytes.length);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
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
