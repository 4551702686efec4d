package jp.jukinet.agency;

import java.util.List;

import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;

/** What {@link WebhookVerifier} made of a request: a verified delivery, or why it was refused. */
public sealed interface Verification {

    /**
     * The request is genuine and new.
     *
     * @param delivery  the delivery as sent
     * @param newEvents its events after the sequence the agency has applied, in order: apply exactly
     *                  these. Fewer than the delivery's events when a batch is sent again after its
     *                  answer was lost; empty for a heartbeat or a batch applied already.
     */
    record Verified(WebhookDelivery delivery, List<SubscriptionEvent> newEvents) implements Verification {
        public Verified {
            newEvents = List.copyOf(newEvents);
        }
    }

    /** The request is refused; the agency answers 4xx and applies nothing. */
    record Refused(Reason reason, String detail) implements Verification {
    }

    /** Why a request is refused. */
    enum Reason {
        /** No or malformed Signature-Input, Signature or Content-Digest, or a component not covered. */
        MALFORMED,
        /** The key id is not among the national server's published keys. */
        UNKNOWN_KEY,
        /** The signature does not verify with the published key: forged, or altered on the way. */
        BAD_SIGNATURE,
        /** The body is not the one whose digest was signed. */
        DIGEST_MISMATCH,
        /** {@code created} is outside the window (a request held back and sent later, or a clock far off). */
        STALE,
        /** The nonce was seen before: the same request sent again. */
        REPLAYED,
        /** The body is not a delivery, or is one for another subscription. */
        NOT_A_DELIVERY,
        /** The delivery starts after the next sequence the agency expects: read the feed by pull from there. */
        GAP
    }

    /** Whether the request is genuine and new. */
    default boolean verified() {
        return this instanceof Verified;
    }
}
