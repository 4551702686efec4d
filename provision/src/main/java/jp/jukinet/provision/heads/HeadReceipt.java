package jp.jukinet.provision.heads;

/**
 * The receiver's answer to a pushed head.
 *
 * @param outcome {@code ACCEPTED} (kept, the new last head), {@code ALREADY_HELD} (that seq and hash
 *                were held already), {@code REGRESSION} or {@code REWRITE} (it contradicts what is
 *                held: kept as evidence, reported, not accepted; see {@link HeadConflict})
 * @param heldSeq the seq of the last head held for the owner after this push
 */
public record HeadReceipt(String outcome, long heldSeq) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String ALREADY_HELD = "ALREADY_HELD";

    public boolean conflict() {
        return outcome.equals(HeadConflict.REGRESSION) || outcome.equals(HeadConflict.REWRITE);
    }
}
