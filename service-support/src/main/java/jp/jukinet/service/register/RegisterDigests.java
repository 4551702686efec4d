package jp.jukinet.service.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * The digests this tier keeps of its register ({@code register_digests}, flyway {@code db/register}
 * V83): per municipality and bucket (the first four digits of the resident code), the XOR of
 * {@link #leaf SHA-256(resident_code ‖ last_change_id ‖ status)} over the bucket's current records.
 * A trigger on {@code residents} advances them in the transaction that changes a record, so reading a
 * municipality's digest costs one indexed range of at most 10,000 rows, never a scan of the records.
 *
 * <p>Read-only; each method runs in the caller's transaction (or its own statement).
 */
public class RegisterDigests implements DigestSource {

    private final JdbcClient jdbc;

    public RegisterDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String municipalityDigest(LocalGovernmentCode municipality) {
        return jdbc.sql("SELECT register_digest_hex(bit_xor(digest)) FROM register_digests WHERE municipality = :m")
                .param("m", municipality.value())
                .query(String.class).single();
    }

    /** How many current records of the municipality this tier holds (the digests' count, no scan). */
    public long residents(LocalGovernmentCode municipality) {
        return jdbc.sql("SELECT coalesce(sum(residents), 0) FROM register_digests WHERE municipality = :m")
                .param("m", municipality.value())
                .query(Long.class).single();
    }

    @Override
    public Map<String, String> bucketDigests(LocalGovernmentCode municipality) {
        Map<String, String> buckets = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT bucket, register_digest_hex(digest) FROM register_digests
                        WHERE municipality = :m AND residents > 0 ORDER BY bucket""")
                .param("m", municipality.value())
                .query((row, n) -> buckets.put(row.getString(1), row.getString(2)))
                .list();
        return buckets;
    }

    @Override
    public Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket) {
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT resident_code, last_change_id, status FROM residents
                        WHERE municipality = :m AND resident_code LIKE :prefix ORDER BY resident_code""")
                .param("m", municipality.value())
                .param("prefix", bucket + "%")
                .query((row, n) -> leaves.put(row.getString(1).trim(),
                        new Leaf(row.getString(1).trim(), row.getObject(2, UUID.class), row.getString(3))))
                .list();
        return leaves;
    }

    @Override
    public List<UUID> changeIds(String residentCode) {
        return jdbc.sql("""
                        SELECT change_id FROM resident_history WHERE resident_code = :code
                        ORDER BY recorded_at, source, source_sequence""")
                .param("code", residentCode)
                .query(UUID.class).list();
    }

    /**
     * Every bucket digest of the municipality computed afresh from its current records (a full
     * scan): what the kept digests must equal.
     */
    public Map<String, String> recomputedBucketDigests(LocalGovernmentCode municipality) {
        Map<String, byte[]> buckets = new java.util.TreeMap<>();
        jdbc.sql("SELECT resident_code, last_change_id, status FROM residents WHERE municipality = :m")
                .param("m", municipality.value())
                .query((row, n) -> {
                    String code = row.getString(1).trim();
                    byte[] leaf = leaf(code, row.getObject(2, UUID.class), row.getString(3));
                    byte[] sum = buckets.computeIfAbsent(code.substring(0, 4), b -> new byte[32]);
                    for (int i = 0; i < 32; i++) {
                        sum[i] ^= leaf[i];
                    }
                    return code;
                })
                .list();
        Map<String, String> hex = new LinkedHashMap<>();
        buckets.forEach((bucket, sum) -> hex.put(bucket, HexFormat.of().formatHex(sum)));
        return hex;
    }

    /** SHA-256 of resident code, last change id (lowercase, hyphenated) and status, concatenated in UTF-8. */
    public static byte[] leaf(String residentCode, UUID lastChangeId, String status) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((residentCode + lastChangeId + status).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
