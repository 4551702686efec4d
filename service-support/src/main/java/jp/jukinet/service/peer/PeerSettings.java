package jp.jukinet.service.peer;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a node reaches the other nodes of its tier.
 *
 * @param gateway        base URL of the gateway, through which every message goes; no peer
 *                       messaging runs when it is absent
 * @param sslBundle      the Spring Boot SSL bundle for mutual TLS to the gateway ({@code node}); with
 *                       mutual TLS a node does not start without one, and only the development switch
 *                       ({@code jukinet.security.plain-http-for-development}) empties it
 * @param batchSize      most messages in one delivery to one destination
 * @param pollInterval   how long the publisher waits for new work (a commit wakes it at once)
 * @param initialBackoff first wait before a destination that failed is tried again; doubles with
 *                       each failure
 * @param maxBackoff     longest wait before a destination that keeps failing is tried again
 */
@ConfigurationProperties("jukinet.peers")
public record PeerSettings(
        URI gateway,
        String sslBundle,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff) {

    public PeerSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("jukinet.peers.batch-size must be 1-10000, got " + batchSize);
        }
    }
}
