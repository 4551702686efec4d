package jp.jukinet.service.register;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * What a tier tells about its register for the consistency check (整合性確認, docs/architecture.md
 * F8): the digest of a municipality's current records, its buckets' digests, and one bucket's leaves
 * with each resident's change ids. A tier's own database ({@link RegisterDigests}) is one source;
 * another tier reached through the gateway is another.
 *
 * <p>Digests are 16 lowercase hex digits (64 bits); an empty municipality or bucket has the digest of
 * all zeros ({@link #EMPTY}). What a municipality's digest covers: see {@link RegisterDigests}.
 */
public interface DigestSource {

    /** The digest of nothing: XOR over no leaves. */
    String EMPTY = "0".repeat(16);

    /** The municipality's digest (the XOR of its buckets' digests) and how many records it covers. */
    Summary summary(LocalGovernmentCode municipality);

    /** The digest of each non-empty bucket (first four digits of the resident code) of the municipality. */
    Map<String, String> bucketDigests(LocalGovernmentCode municipality);

    /** The current records of one bucket, keyed by resident code. */
    Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket);

    /** A municipality's digest and the number of current records it covers. */
    record Summary(String digest, long residents) {
    }

    /**
     * What a bucket digest covers of one current record ({@code residentCode}, {@code lastChangeId},
     * {@code status}), with the ids of the resident's recorded changes oldest first
     * ({@code changeIds}), which order two versions without another round trip.
     */
    record Leaf(String residentCode, UUID lastChangeId, String status, List<UUID> changeIds) {

        /** Whether the digest sees the same record: the history is not part of it. */
        public boolean sameRecord(Leaf other) {
            return other != null && lastChangeId.equals(other.lastChangeId) && status.equals(other.status);
        }
    }
}
