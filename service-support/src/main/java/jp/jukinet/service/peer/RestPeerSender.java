package jp.jukinet.service.peer;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.NodeId;

/**
 * Sends a batch to a CS, through the gateway, with {@code POST /internal/v1/municipalities/{lg}/messages},
 * behind one circuit breaker per destination (an unreachable CS trips only its own).
 */
public class RestPeerSender implements PeerSender {

    private final RestClient gateway;
    private final CircuitBreakerRegistry breakers;

    public RestPeerSender(RestClient gateway, CircuitBreakerRegistry breakers) {
        this.gateway = gateway;
        this.breakers = breakers;
    }

    /** Where the messages for {@code destination} (a CS) are posted. */
    public static String path(NodeId destination) {
        return "/internal/v1/municipalities/" + destination.municipalityCode()
                .orElseThrow(() -> new IllegalArgumentException("peer messages go to CSs, not to " + destination))
                .value() + "/messages";
    }

    @Override
    public Acknowledgement send(NodeId destination, byte[] batch) {
        CircuitBreaker breaker = breakers.circuitBreaker(destination.value());
        return breaker.executeSupplier(() -> gateway.post().uri(path(destination))
                .contentType(MediaType.APPLICATION_JSON).body(batch).retrieve().body(Acknowledgement.class));
    }
}
