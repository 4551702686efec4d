package jp.jukinet.provision.subscription.delivery;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Settings of webhook delivery on the national server, {@code jukinet.subscription.delivery.*}.
 *
 * @param enabled           switched on on the national server only (its service configuration)
 * @param signingKey        the Ed25519 private key (PEM, PKCS#8) that signs every request; missing or
 *                          unreadable, the node does not start. Unset: {@code national-webhook-signing.key}
 *                          in {@code jukinet.tls.directory}, where the PKI puts it
 * @param publicKey         its public key (PEM, X.509 SubjectPublicKeyInfo), published as a JWK set;
 *                          the node does not start when it is not the signing key's pair. Unset:
 *                          {@code national-webhook-signing.pub} beside the default signing key
 * @param keyId             the keyid the signatures and the published key carry (rotate by publishing a new id)
 * @param gateway           the gateway's outbound webhook route ({@code https://gateway:8443/internal/v1/outbound/webhooks}):
 *                          every request goes there and the gateway forwards it into the agency zone.
 *                          {@code null} (tests of this module only): straight to the endpoint
 * @param sslBundle         the Spring Boot SSL bundle of the outgoing requests ({@code node}); {@code null}: none
 * @param pollInterval      how often the loop looks for due channels
 * @param batchSize         the most events in one request
 * @param batchesPerRound   the most requests to one subscription in one round, so one agency far
 *                          behind does not hold up the others
 * @param initialBackoff    the wait after a first failure; doubled after each further one
 * @param maxBackoff        the cap of the wait
 * @param parkAfter         a channel failing for this long is parked until the agency resumes it
 * @param heartbeatInterval an idle channel gets a heartbeat this long after its last success
 * @param window            how far a receiver accepts {@code created} from its clock (documented, and
 *                          what the agency kit's verifier is given)
 * @param concurrency       how many subscriptions a round serves at once (each by one thread, so its
 *                          requests still leave in order): one agency's slow answer or the recording
 *                          of one batch does not hold up the others' deliveries
 */
@ConfigurationProperties("jukinet.subscription.delivery")
public record DeliverySettings(@DefaultValue("false") boolean enabled,
                               Resource signingKey,
                               Resource publicKey,
                               @DefaultValue("national-1") String keyId,
                               URI gateway,
                               String sslBundle,
                               @DefaultValue("200ms") Duration pollInterval,
                               @DefaultValue("500") int batchSize,
                               @DefaultValue("20") int batchesPerRound,
                               @DefaultValue("1s") Duration initialBackoff,
                               @DefaultValue("10m") Duration maxBackoff,
                               @DefaultValue("24h") Duration parkAfter,
                               @DefaultValue("5m") Duration heartbeatInterval,
                               @DefaultValue("5m") Duration window,
                               @DefaultValue("4") int concurrency) {

    public DeliverySettings {
        if (batchSize < 1 || batchesPerRound < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "jukinet.subscription.delivery: batch-size, batches-per-round and concurrency must be positive");
        }
        for (Duration duration : new Duration[] {pollInterval, initialBackoff, maxBackoff, parkAfter, heartbeatInterval, window}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("jukinet.subscription.delivery: durations must be positive");
            }
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("jukinet.subscription.delivery.max-backoff is below initial-backoff");
        }
    }
}
