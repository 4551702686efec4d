package jp.jukinet.service.peer;

import org.springframework.web.client.RestClient;

/**
 * The way to other nodes of the tier: the gateway, over mutual TLS with this node's certificate.
 * Used by the publisher and for the calls whose answer a clerk waits for (a cancellation of a
 * move-out, a wide-area copy).
 */
public record PeerGateway(RestClient client) {
}
