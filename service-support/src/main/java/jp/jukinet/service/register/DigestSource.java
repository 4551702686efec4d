package jp.jukinet.service.register;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.jukinet.model.code.LocalGovernmentCode;

/**
 * What a tier tells about its register for the consistency check (整合性確認, docs/architecture.md
 * F8): the digest of a municipality's current records, its buckets' digests, one bucket's leaves and
 * one resident's change ids. A tier's own database ({@link RegisterDigests}) is one source; another
 * tier reached over the network is another.
 *
 * <p>Digests are 64 lowercase hex digits (256 bits); an empty municipality or bucket has the digest of
 * all zeros ({@link #EMPTY}).
 */
public interface DigestSource {

    /** The digest of nothing: XOR over no leaves. */
    String EMPTY = "0".repeat(64);

    /** The XOR of all the municipality's bucket digests. */
    String municipalityDigest(LocalGovernmentCode municipality);

    /** The digest of each non-empty bucket (first four digits of the resident code) of the municipality. */
    Map<String, String> bucketDigests(LocalGovernmentCode municipality);

    /** The current records of one bucket, keyed by resident code. */
    Map<String, Leaf> bucket(LocalGovernmentCode municipality, String bucket);

    /** The change ids recorded for the resident code, oldest first (empty if none). */
    List<UUID> changeIds(String residentCode);

    /** What a bucket digest covers of one current record. */
    record Leaf(String residentCode, UUID lastChangeId, String status) {
    }
}
