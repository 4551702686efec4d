package jp.jukinet.service.register;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * The digests of this tier's register, computed when asked (整合性確認, docs/architecture.md F8):
 * per municipality and bucket (the first four digits of the resident code), the XOR of
 * {@code register_digest_leaf(resident_code, last_change_id, status)} (flyway {@code db/register}
 * V81: the first 64 bits of their MD5) over the bucket's current records. A municipality's digest is
 * one aggregate over its range of the covering index {@code residents_digest}, an index-only scan;
 * nothing is kept, so a register write pays for the index only.
 *
 * <p>A municipality's records here are those whose municipality is it, but those whose last change
 * is a 転出 ({@code MOVE_OUT}): the person lives on at the destination, whose records the upper tiers
 * hold under the new municipality, while the old CS keeps its removed record (V81 says why).
 *
 * <p>Read-only; each method runs in the caller's transaction (or its own statement).
 */
public class RegisterDigests implements DigestSource {

    /** What the check covers of a municipality; the partial index {@code residents_digest} has the same predicate. */
    static final String COVERED = "(identity -> 'change' ->> 'reason') IS DISTINCT FROM 'MOVE_OUT'";

    private final JdbcClient jdbc;

    public RegisterDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Summary summary(LocalGovernmentCode municipality) {
        return jdbc.sql("""
                        SELECT lpad(to_hex(coalesce(bit_xor(register_digest_leaf(resident_code, last_change_id, status)), 0)),
                                    16, '0'), count(*)
                        FROM residents WHERE municipality = CAST(:m AS bpchar) AND\s""" + COVERED)
                .param("m", municipality.value())
                .query((row, n) -> new Summary(row.getString(1), row.getLong(2)))
                .single();
    }

    @Override
    public Map<String, String> bucketDigests(LocalGovernmentCode municipality) {
        return digests(municipality).buckets();
    }

    /** A municipality's digest and its buckets' digests, read in one scan (what a tier answers another). */
    public record Digests(Summary summary, Map<String, String> buckets) {
    }

    /** The municipality's bucket digests and, from them, its digest and count: one scan of its range. */
    public Digests digests(LocalGovernmentCode municipality) {
        Map<String, String> buckets = new LinkedHashMap<>();
        long[] all = {0, 0};
        jdbc.sql("""
                        SELECT left(resident_code, 4) AS bucket,
                               bit_xor(register_digest_leaf(resident_code, last_change_id, status)), count(*)
                        FROM residents WHERE municipality = CAST(:m AS bpchar) AND\s""" + COVERED + """

                        GROUP BY 1 ORDER BY 1""")
                .param("m", municipality.value())
                .query((row, n) -> {
                    long digest = row.getLong(2);
                    all[0] ^= digest;
                    all[1] += row.getLong(3);
                    return buckets.put(row.getString(1), hex(digest));
                })
                .list();
        return new Digests(new Summary(hex(all[0]), all[1]), buckets);
    }

    /**
     * What a tier answers the prefecture that checks it (CS and J-LIS alike): the municipality, its
     * digest, its record count and its buckets' digests.
     */
    public Map<String, Object> answer(LocalGovernmentCode municipality) {
        Digests read = digests(municipality);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("municipality", municipality.value());
        answer.put("digest", read.summary().digest());
        answer.put("residents", read.summary().residents());
        answer.put("buckets", read.buckets());
        return answer;
    }

    /**
     * The leaves of one bucket as a tier answers them.
     *
     * @throws jp.jukinet.service.web.Refusal 400 naming {@code bucket} unless it is four digits
     */
    public List<Leaf> leaves(LocalGovernmentCode municipality, String bucket) {
        if (bucket == null || !bucket.matches("\\d{4}")) {
            throw jp.jukinet.service.web.Refusal.invalid("bucket", "a bucket is the first four digits of a resident code");
        }
        return List.copyOf(bucket(municipality, bucket).values());
    }

    private static String hex(long digest) {
        return String.format("%016x", digest);
    }

    /** The leaves of one bucket, each with its resident's change ids oldest first (as {@link ResidentRegister#history}). */
    @Override
    public Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket) {
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT r.resident_code, r.last_change_id, r.status,
                               ARRAY(SELECT h.change_id FROM history_prefectures p
                                     CROSS JOIN LATERAL (""" + ResidentRegister.IN_ITS_PARTITION + """
                                         ) h
                                     WHERE p.resident_code = r.resident_code
                                     ORDER BY h.recorded_at, h.source, h.source_sequence) AS changes
                        FROM residents r
                        WHERE r.municipality = CAST(:m AS bpchar) AND r.resident_code >= CAST(:from AS bpchar)
                          AND r.resident_code < CAST(:to AS bpchar) AND\s"""
                        + COVERED.replace("identity", "r.identity") + """

                        ORDER BY r.resident_code""")
                .param("m", municipality.value())
                .param("from", bucket)
                .param("to", bucketEnd(bucket))
                .query((row, n) -> {
                    String code = row.getString(1).trim();
                    UUID[] changes = (UUID[]) row.getArray(4).getArray();
                    return leaves.put(code, new Leaf(code, row.getObject(2, UUID.class), row.getString(3),
                            List.copyOf(Arrays.asList(changes))));
                })
                .list();
        return leaves;
    }

    /** The first code after the bucket: its four digits plus one ("9999" ends at ":"), a range the index walks. */
    private static String bucketEnd(String bucket) {
        char[] digits = bucket.toCharArray();
        digits[3]++;
        return new String(digits);
    }
}
