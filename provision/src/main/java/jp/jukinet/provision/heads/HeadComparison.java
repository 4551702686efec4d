package jp.jukinet.provision.heads;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A chain compared with signed heads of it: where it differs. Used online (a node's chain against
 * the copies other tiers hold) and offline (an export against the heads in it).
 *
 * @param headsCompared     how many heads were compared
 * @param firstDifferingSeq the lowest seq, within the chain, where a head's hash is not the
 *                          chain's; {@code null} when none differs
 * @param lastAgreeingSeq   the highest seq below {@link #firstDifferingSeq} (or of all, when none
 *                          differs) where a head agrees with the chain; {@code null} when none
 *                          does. A rewrite lies after it and at or before the first differing seq.
 * @param missingFrom       the first seq a head vouches for that the chain no longer holds
 *                          (records cut from its end); {@code null} when none is missing
 * @param missingTo         the last such seq (the highest head's)
 */
public record HeadComparison(int headsCompared, Long firstDifferingSeq, Long lastAgreeingSeq, Long missingFrom,
                             Long missingTo) {

    /**
     * @param lastSeq     the chain's last seq (its last record, not what its head row says)
     * @param chainHashes the chain's hash at each head's seq up to {@code lastSeq} (seq 0: the genesis)
     * @param heads       heads whose signatures were checked
     */
    public static HeadComparison compare(long lastSeq, Map<Long, byte[]> chainHashes, Collection<SignedHead> heads) {
        List<SignedHead> sorted = heads.stream().sorted(Comparator.comparingLong(SignedHead::seq)).toList();
        Long firstDiffering = null;
        Long missingTo = null;
        for (SignedHead head : sorted) {
            if (head.seq() > lastSeq) {
                missingTo = head.seq();
            } else if (firstDiffering == null && !Arrays.equals(chainHashes.get(head.seq()), head.hashBytes())) {
                firstDiffering = head.seq();
            }
        }
        Long lastAgreeing = null;
        for (SignedHead head : sorted) {
            if (head.seq() <= lastSeq && (firstDiffering == null || head.seq() < firstDiffering)
                    && Arrays.equals(chainHashes.get(head.seq()), head.hashBytes())) {
                lastAgreeing = head.seq();
            }
        }
        return new HeadComparison(sorted.size(), firstDiffering, lastAgreeing, missingTo == null ? null : lastSeq + 1,
                missingTo);
    }

    public boolean agrees() {
        return firstDifferingSeq == null && missingFrom == null;
    }

    /** Where it differs, in one sentence; {@code null} when it agrees. */
    public String where() {
        StringBuilder where = new StringBuilder();
        if (firstDifferingSeq != null) {
            where.append("the chain's hash at seq ").append(firstDifferingSeq).append(" is not the signed head's (")
                    .append(lastAgreeingSeq == null ? "no signed head before it agrees"
                            : "the last agreeing head is at seq " + lastAgreeingSeq + ": a record in "
                                    + (lastAgreeingSeq + 1) + ".." + firstDifferingSeq + " was changed or replaced")
                    .append(")");
        }
        if (missingFrom != null) {
            if (!where.isEmpty()) {
                where.append("; ");
            }
            where.append("records ").append(missingFrom).append("..").append(missingTo)
                    .append(" are missing (a signed head vouches for seq ").append(missingTo)
                    .append(", the chain ends at ").append(missingFrom - 1).append(")");
        }
        return where.isEmpty() ? null : where.toString();
    }
}
