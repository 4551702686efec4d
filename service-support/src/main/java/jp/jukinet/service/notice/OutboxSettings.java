package jp.jukinet.service.notice;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a node publishes its change notices to the next tier.
 *
 * @param uplink          base URL of the receiving node (or of the gateway route to it); no
 *                        publisher runs when it is absent (the national server has no uplink)
 * @param batchSize       most notices in one delivery
 * @param pollInterval    how long the publisher waits for new work when its outbox is empty
 *                        (a commit wakes it at once)
 * @param maxAttempts     delivery attempts per batch before the publisher backs off and tries again
 * @param initialBackoff  first wait between attempts; doubles with each attempt
 * @param maxBackoff      longest wait between attempts
 * @param sslBundle       the Spring Boot SSL bundle for mutual TLS to the uplink ({@code node}); with mutual
 *                        TLS a node with an uplink does not start without one, and only the development
 *                        switch ({@code jukinet.security.plain-http-for-development}) empties it
 */
@ConfigurationProperties("jukinet.outbox")
public record OutboxSettings(
        URI uplink,
        @DefaultValue("2000") int batchSize,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        String sslBundle) {

    public OutboxSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("jukinet.outbox.batch-size must be 1-10000, got " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("jukinet.outbox.max-attempts must be at least 1");
        }
    }
}
