package jp.jukinet.provision.heads;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jp.jukinet.provision.ChainVerification;

/**
 * A node's provision chain checked against the heads of it that other tiers hold.
 *
 * @param node               the node whose chain it is
 * @param checkedAt          when
 * @param status             {@code AGREES}: the links hold and every head held elsewhere agrees;
 *                           {@code DIFFERS}: something does not (see the other fields);
 *                           {@code UNCHECKED}: no other tier answered, the chain is anchored by nothing
 * @param chain              the walk of the chain's links (its own head row included)
 * @param lastRecordSeq      the chain's last record
 * @param latestHeldBy       for each tier that answered, the highest seq it holds a head of
 * @param unreachable        the tiers that did not answer, with why
 * @param badSignatures      heads a tier holds that this node's key did not sign (by holder and seq)
 * @param comparison         where the chain differs from the heads held elsewhere
 * @param where              that, in one sentence ({@code null} when it agrees)
 * @param conflictsReported  the heads of this chain that other tiers refused as contradicting what
 *                           they held (REGRESSION, REWRITE), by holder: evidence of a rewrite or
 *                           a restore from an older backup
 */
public record AnchorReport(String node, Instant checkedAt, String status, ChainVerification chain, long lastRecordSeq,
                           Map<String, Long> latestHeldBy, Map<String, String> unreachable, List<String> badSignatures,
                           HeadComparison comparison, String where, Map<String, List<HeadConflict>> conflictsReported) {

    public static final String AGREES = "AGREES";
    public static final String DIFFERS = "DIFFERS";
    public static final String UNCHECKED = "UNCHECKED";

    public boolean agrees() {
        return status.equals(AGREES);
    }
}
