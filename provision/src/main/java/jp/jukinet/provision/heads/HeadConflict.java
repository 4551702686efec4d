package jp.jukinet.provision.heads;

import java.time.Instant;

/**
 * A head that contradicts one held before, kept as the evidence it is (never applied).
 *
 * @param kind       {@code REGRESSION}: its seq is below the last head held (the chain went back:
 *                   records were cut from its end, or the node was restored from an older backup);
 *                   {@code REWRITE}: the owner's chain gives another hash at a seq held (a record at
 *                   or before it was changed, or the chain was cut and grown again)
 * @param heldSeq    the held head it contradicts
 * @param heldHash   that head's hash, hex
 * @param received   the head as the owner signed it
 * @param detectedAt when the receiver found it
 */
public record HeadConflict(String kind, long heldSeq, String heldHash, SignedHead received, Instant detectedAt) {

    public static final String REGRESSION = "REGRESSION";
    public static final String REWRITE = "REWRITE";
}
