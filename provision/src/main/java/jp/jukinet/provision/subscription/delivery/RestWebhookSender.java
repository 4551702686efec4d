package jp.jukinet.provision.subscription.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Sends webhook requests with Spring's {@link RestClient} over the node's mutual TLS client. With a
 * gateway, every request goes to the gateway's outbound route with the endpoint in
 * {@value #ENDPOINT_HEADER}: J-LIS never calls an agency directly, and the gateway forwards only
 * to endpoints its policy lists. The signature covers the endpoint's URI, not the gateway's.
 */
public class RestWebhookSender implements WebhookSender {

    /** The header that names the agency endpoint a request is for, on the gateway's outbound route. */
    public static final String ENDPOINT_HEADER = "X-JukiNet-Webhook-Endpoint";

    private final RestClient client;
    private final URI gateway;

    /**
     * @param client  a client that answers every status (the caller reads it)
     * @param gateway the gateway's outbound route, or {@code null} to send to the endpoint itself
     */
    public RestWebhookSender(RestClient client, URI gateway) {
        this.client = client;
        this.gateway = gateway;
    }

    @Override
    public Answer send(URI endpoint, byte[] body, Map<String, String> headers) {
        try {
            return client.post().uri(gateway != null ? gateway : endpoint)
                    .headers(http -> {
                        headers.forEach(http::set);
                        if (gateway != null) {
                            http.set(ENDPOINT_HEADER, endpoint.toString());
                        }
                    })
                    .body(body)
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.is2xxSuccessful()) {
                            return new Answer(status.value(), null);
                        }
                        return new Answer(status.value(), "HTTP " + status.value() + problemTitle(response.getBody()));
                    });
        } catch (RestClientException e) {
            Throwable cause = e.getMostSpecificCause();
            return new Answer(0, "no answer: " + cause.getClass().getSimpleName());
        }
    }

    /** The {@code title} of a problem+json answer (the gateway's refusal), without reading more than a little. */
    private static String problemTitle(java.io.InputStream body) {
        try {
            byte[] start = body.readNBytes(2048);
            String text = new String(start, StandardCharsets.UTF_8);
            int title = text.indexOf("\"title\":\"");
            if (title < 0) {
                return "";
            }
            int end = text.indexOf('"', title + 9);
            return end < 0 ? "" : " " + text.substring(title + 9, end);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
