package jp.jukinet.service.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The nodes' outgoing HTTP clients (notice delivery, numbering, peer messages): Apache HttpClient's
 * classic client, which Spring Boot picks when it is on the class path. It sends and receives on
 * the calling thread; the JDK client the nodes used before wrote every request body on another
 * thread and read answers on a selector thread, and at the gateway that switching cost more CPU
 * than the forwarding (docs/benchmarks.md).
 * <ul>
 *   <li>Connection state is not tracked: HttpClient would otherwise tie a connection opened with
 *       the node's client certificate to that certificate and never lend it to a later request, so
 *       every request would pay a new TLS handshake.</li>
 *   <li>No automatic retries: a retry of a request whose answer was lost would be sent again
 *       without its caller knowing; the outboxes retry themselves, with the same idempotency key.</li>
 *   <li>Enough pooled connections per peer for the nodes' concurrent callers (HttpClient's default
 *       is 5).</li>
 * </ul>
 */
@AutoConfiguration
public class HttpClientConfiguration {

    /** Connections kept per peer node, and in all. */
    static final int CONNECTIONS_PER_PEER = 64;
    static final int CONNECTIONS = 256;

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> jukinetHttpComponents() {
        return HttpClientConfiguration::forNodes;
    }

    /** {@code builder} set up as above; for clients built outside a node's context too (benchmarks). */
    public static HttpComponentsClientHttpRequestFactoryBuilder forNodes(HttpComponentsClientHttpRequestFactoryBuilder builder) {
        return builder
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(CONNECTIONS_PER_PEER)
                        .setMaxConnTotal(CONNECTIONS))
                .withHttpClientCustomizer(client -> client.disableConnectionState().disableAutomaticRetries());
    }
}
