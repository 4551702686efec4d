package jp.jukinet.downstream;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a downstream system, {@code jukinet.downstream.*}.
 *
 * @param system       which system this process is; required
 * @param identity     its identity in the network, the name of its client certificate ({@code agency-jpki});
 *                     its webhook endpoint serves {@code webhook-<identity>}
 * @param basis        the provision rule it subscribes and looks up under ({@code jlis-30-9-jpki})
 * @param gateway      the gateway's base URI: every call to J-LIS goes through it
 * @param endpoint     (holders) its webhook endpoint as it registers it at J-LIS and as the gateway's
 *                     outbound policy lists it, {@code https://host:port/jukinet/events}
 * @param pullInterval (holders) how often it reads its feed by pull besides the webhook: at start
 *                     (catching up after it was down), then at this interval (a parked webhook
 *                     channel loses nothing)
 * @param pageSize     (holders) events asked for in one pull
 * @param window       (holders) how far a webhook's {@code created} may be from this system's clock
 * @param codeKey      (IPN) base64 secret (at least 32 bytes) of the 機関別符号 derivation (HMAC-SHA-256
 *                     over the resident code); no default: with it anyone derives every code
 */
@ConfigurationProperties("jukinet.downstream")
public record DownstreamSettings(DownstreamSystem system,
                                 String identity,
                                 String basis,
                                 URI gateway,
                                 URI endpoint,
                                 @DefaultValue("1m") Duration pullInterval,
                                 @DefaultValue("500") int pageSize,
                                 @DefaultValue("5m") Duration window,
                                 String codeKey) {

    public DownstreamSettings {
        if (system == null) {
            throw new IllegalStateException("jukinet.downstream.system is required: CARD_MANAGEMENT, JPKI or IPN");
        }
        if (identity == null || !identity.matches("agency-[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalStateException("jukinet.downstream.identity must be an agency identity, e.g. agency-jpki");
        }
        if (basis == null || basis.isBlank()) {
            throw new IllegalStateException("jukinet.downstream.basis (the provision rule's id) is required");
        }
        if (gateway == null) {
            throw new IllegalStateException("jukinet.downstream.gateway (the gateway's base URI) is required");
        }
        if (system.holder() && endpoint == null) {
            throw new IllegalStateException("jukinet.downstream.endpoint (the webhook endpoint as registered) is required for "
                    + system);
        }
        if (pageSize < 1 || pullInterval.isNegative() || pullInterval.isZero()) {
            throw new IllegalStateException("jukinet.downstream.page-size and pull-interval must be positive");
        }
    }
}
