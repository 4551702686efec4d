package jp.jukinet.agency;

import java.time.Instant;

/**
 * Remembers the nonces of accepted webhook requests, so that a request captured and sent again
 * is refused. A nonce needs remembering only as long as its request's {@code created} is inside
 * the verifier's window: after that the request is refused as stale anyway.
 */
public interface NonceStore {

    /**
     * Records {@code nonce} and says whether it was new. Atomic: of two concurrent calls with the
     * same nonce, exactly one returns {@code true}.
     *
     * @param forgetAfter when the nonce may be forgotten (its request's created plus the window)
     */
    boolean firstSeen(String nonce, Instant forgetAfter);
}
