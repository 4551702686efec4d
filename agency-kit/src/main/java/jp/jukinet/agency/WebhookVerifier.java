package jp.jukinet.agency;

import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.WebhookDelivery;
import jp.jukinet.model.subscription.WebhookSignatures;
import jp.jukinet.model.subscription.WebhookSignatures.SignatureInput;

/**
 * Verifies a webhook request of the national server (J-LIS) at the agency's endpoint, before the
 * agency applies anything of it. A request is {@link Verification.Verified} only when
 * <ol>
 *   <li>its {@code Signature-Input} covers {@code @method}, {@code @target-uri},
 *       {@code content-digest} and {@code content-type} and names created, keyid and nonce;</li>
 *   <li>its {@code Content-Digest} is the SHA-256 of the body as received;</li>
 *   <li>its signature verifies with the key the national server published under that keyid
 *       ({@code GET /api/v1/national/subscription-keys}), over the endpoint's own URI;</li>
 *   <li>{@code created} is within the window of now (either way: clocks differ a little);</li>
 *   <li>its nonce was never seen before;</li>
 *   <li>its body is a {@link WebhookDelivery} for the expected subscription that does not skip
 *       ahead of the sequence the agency has applied.</li>
 * </ol>
 * Events at or below the applied sequence are duplicates (a batch sent again because its 2xx was
 * lost) and are left out of {@link Verification.Verified#newEvents()}.
 *
 * <p>Thread-safe when its {@link NonceStore} is. No Spring: an agency system embeds it as it is.
 */
public final class WebhookVerifier {

    private final Function<String, Optional<PublicKey>> keys;
    private final URI endpoint;
    private final UUID subscriptionId;
    private final Clock clock;
    private final Duration window;
    private final NonceStore nonces;

    /**
     * @param keys           the national server's published keys by keyid (fetched from
     *                       {@code /api/v1/national/subscription-keys}; fetch again on an unknown keyid)
     * @param endpoint       the endpoint the agency registered, as the national server addresses it
     * @param subscriptionId the subscription whose deliveries arrive here
     * @param window         how far {@code created} may be from now
     */
    public WebhookVerifier(Function<String, Optional<PublicKey>> keys, URI endpoint, UUID subscriptionId, Clock clock,
                           Duration window, NonceStore nonces) {
        this.keys = keys;
        this.endpoint = endpoint;
        this.subscriptionId = subscriptionId;
        this.clock = clock;
        this.window = window;
        this.nonces = nonces;
    }

    /** A verifier with the keys of a published JWK set. */
    public static WebhookVerifier of(PublishedKeys published, URI endpoint, UUID subscriptionId, Clock clock,
                                     Duration window) {
        return new WebhookVerifier(published::find, endpoint, subscriptionId, clock, window,
                new InMemoryNonceStore(clock));
    }

    /**
     * Verifies {@code request}.
     *
     * @param appliedThrough the last sequence the agency applied of this subscription, 0 if none
     */
    public Verification verify(WebhookRequest request, long appliedThrough) {
        SignatureInput input;
        try {
            input = WebhookSignatures.parseInput(request.header("Signature-Input"));
        } catch (InvalidValueException e) {
            return refuse(Verification.Reason.MALFORMED, e.getMessage());
        }
        if (!input.components().containsAll(WebhookSignatures.COMPONENTS)) {
            return refuse(Verification.Reason.MALFORMED, "the signature covers " + input.components() + ", not "
                    + WebhookSignatures.COMPONENTS);
        }
        if (input.alg() != null && !WebhookSignatures.ALGORITHM.equals(input.alg())) {
            return refuse(Verification.Reason.MALFORMED, "alg " + input.alg() + " is not " + WebhookSignatures.ALGORITHM);
        }
        String digest = request.header("Content-Digest");
        String contentType = request.header("Content-Type");
        if (digest == null || contentType == null || request.header("Signature") == null) {
            return refuse(Verification.Reason.MALFORMED, "Content-Digest, Content-Type and Signature are required");
        }
        byte[] body = request.body();
        if (!WebhookSignatures.digestMatches(digest, body)) {
            return refuse(Verification.Reason.DIGEST_MISMATCH, "the body does not match its Content-Digest");
        }
        Optional<PublicKey> key = keys.apply(input.keyId());
        if (key.isEmpty()) {
            return refuse(Verification.Reason.UNKNOWN_KEY, "no published key has keyid " + input.keyId());
        }
        if (!WebhookSignatures.verify(request.method(), endpoint.toString(), digest, contentType, input,
                request.header("Signature"), key.get())) {
            return refuse(Verification.Reason.BAD_SIGNATURE, "the signature does not verify with key " + input.keyId());
        }
        Instant now = clock.instant();
        if (input.created().isBefore(now.minus(window)) || input.created().isAfter(now.plus(window))) {
            return refuse(Verification.Reason.STALE, "created " + input.created() + " is not within " + window + " of " + now);
        }
        WebhookDelivery delivery;
        try {
            delivery = JukiNetJson.mapper().readValue(body, WebhookDelivery.class);
        } catch (RuntimeException e) {
            return refuse(Verification.Reason.NOT_A_DELIVERY, "the body is not a webhook delivery");
        }
        if (!subscriptionId.equals(delivery.subscriptionId())) {
            return refuse(Verification.Reason.NOT_A_DELIVERY, "the delivery is for another subscription");
        }
        // the nonce is spent only by a request that is genuine in every other respect: a forged
        // request cannot use up the nonce of a genuine one still on its way
        if (!nonces.firstSeen(input.nonce(), input.created().plus(window))) {
            return refuse(Verification.Reason.REPLAYED, "nonce " + input.nonce() + " was seen before");
        }
        List<SubscriptionEvent> fresh = delivery.events().stream().filter(e -> e.sequence() > appliedThrough).toList();
        if (!fresh.isEmpty() && fresh.get(0).sequence() != appliedThrough + 1) {
            return refuse(Verification.Reason.GAP, "the delivery starts at " + fresh.get(0).sequence()
                    + " but the next expected is " + (appliedThrough + 1) + ": read the feed after " + appliedThrough);
        }
        return new Verification.Verified(delivery, fresh);
    }

    private static Verification refuse(Verification.Reason reason, String detail) {
        return new Verification.Refused(reason, detail);
    }
}
