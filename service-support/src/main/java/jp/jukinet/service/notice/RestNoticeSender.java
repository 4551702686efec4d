package jp.jukinet.service.notice;

import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import jp.jukinet.model.notice.Acknowledgement;

/**
 * Sends a batch with {@code POST /internal/v1/notices} to the next tier through Spring's
 * {@link RestClient}; retries with exponential back-off, behind a circuit breaker that stops
 * hammering a receiver that is down.
 */
public class RestNoticeSender implements NoticeSender {

    public static final String PATH = "/internal/v1/notices";

    /** Where a sender takes back its own notices from its receiver (issue #15). */
    public static final String SENT_PATH = "/internal/v1/notices/sent";

    private final RestClient client;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;

    public RestNoticeSender(RestClient client, Retry retry, CircuitBreaker circuitBreaker) {
        this.client = client;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
    }

    @Override
    public Acknowledgement send(EncodedBatch batch) {
        Supplier<Acknowledgement> call = () -> client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .body(batch.json()).retrieve().body(Acknowledgement.class);
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, call)).get();
    }

    @Override
    public SentNotices sent(jp.jukinet.model.notice.NodeId source, long after, int limit) {
        Supplier<SentNotices> call = () -> client.get()
                .uri(uri -> uri.path(SENT_PATH).queryParam("source", source.value()).queryParam("after", after)
                        .queryParam("limit", limit).build())
                .retrieve().body(SentNotices.class);
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, call)).get();
    }
}
