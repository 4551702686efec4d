package jp.jukinet.downstream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionRequest;
import jp.jukinet.model.subscription.SubscriptionView;
import jp.jukinet.model.subscription.TargetResult;

/**
 * What a downstream system asks of J-LIS, through the gateway with its own client certificate: the
 * same agency API every agency uses (lookups, subscriptions, the feed, the signing keys). Bodies are
 * written and read with the shared wire format ({@link JukiNetJson}). A refusal becomes a
 * {@link JlisException} with the status and the problem's type only (a problem's detail may name a field
 * value; nothing of it is logged).
 */
public class JlisClient {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final RestClient gateway;

    public JlisClient(RestClient gateway) {
        this.gateway = gateway;
    }

    /** The keys J-LIS signs webhooks with. */
    public PublishedKeys keys() {
        return read(gateway.get().uri("/api/v1/national/subscription-keys").retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    throw new JlisException(response.getStatusCode().value(), "subscription-keys");
                }).body(byte[].class), PublishedKeys.class);
    }

    /** Subscribes under {@code request}; the view of the new subscription. */
    public SubscriptionView subscribe(SubscriptionRequest request) {
        return read(gateway.post().uri("/api/v1/national/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .body(JukiNetJson.mapper().writeValueAsBytes(request)).retrieve()
                .onStatus(HttpStatusCode::isError, (req, response) -> {
                    throw new JlisException(response.getStatusCode().value(), "subscriptions");
                }).body(byte[].class), SubscriptionView.class);
    }

    /** Adds the persons to the subscription's listed targets; one result per person, in order. */
    public List<TargetResult> addTargets(UUID subscription, List<ResidentCode> codes) {
        StringBuilder lines = new StringBuilder();
        for (ResidentCode code : codes) {
            lines.append("{\"op\":\"add\",\"residentCode\":\"").append(code.value()).append("\"}\n");
        }
        byte[] answer = gateway.post().uri("/api/v1/national/subscriptions/{id}/targets", subscription).contentType(NDJSON)
                .body(lines.toString().getBytes(StandardCharsets.UTF_8)).retrieve()
                .onStatus(HttpStatusCode::isError, (req, response) -> {
                    throw new JlisException(response.getStatusCode().value(), "targets");
                }).body(byte[].class);
        return lines(answer, TargetResult.class);
    }

    /** At most {@code limit} events of the feed after {@code after}, in sequence order (recorded at J-LIS as provisions). */
    public List<SubscriptionEvent> events(UUID subscription, long after, int limit) {
        byte[] answer = gateway.get().uri("/api/v1/national/subscriptions/{id}/events?after={after}&limit={limit}",
                        subscription, after, limit).retrieve()
                .onStatus(HttpStatusCode::isError, (req, response) -> {
                    throw new JlisException(response.getStatusCode().value(), "events");
                }).body(byte[].class);
        return lines(answer, SubscriptionEvent.class);
    }

    /** One lookup under a provision rule; a refusal or a person not found is a {@link JlisException}. */
    public LookupResult lookup(LookupRequest request) {
        return read(gateway.post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body(JukiNetJson.mapper().writeValueAsBytes(request)).retrieve()
                .onStatus(HttpStatusCode::isError, (req, response) -> {
                    throw new JlisException(response.getStatusCode().value(), "lookups");
                }).body(byte[].class), LookupResult.class);
    }

    private static <T> T read(byte[] body, Class<T> type) {
        return JukiNetJson.mapper().readValue(body, type);
    }

    private static <T> List<T> lines(byte[] body, Class<T> type) {
        if (body == null) {
            return List.of();
        }
        return new String(body, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                .map(line -> JukiNetJson.mapper().readValue(line, type)).toList();
    }

    /** J-LIS (or the gateway) answered with an error status. */
    public static final class JlisException extends RuntimeException {

        private final int status;

        JlisException(int status, String call) {
            super("J-LIS answered " + status + " to " + call);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
