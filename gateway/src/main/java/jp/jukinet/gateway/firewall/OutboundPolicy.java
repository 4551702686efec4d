package jp.jukinet.gateway.firewall;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway may carry requests out of the network into the agency zone, kept as data
 * beside the routes ({@code gateway-policy.yaml}, {@code jukinet.gateway.outbound}). J-LIS never
 * calls an agency directly: its webhook deliveries (push-type notification) come to the gateway's
 * outbound route naming the endpoint, and the gateway forwards only to an endpoint listed here.
 * Deny by default: an agency that registers an endpoint this list does not know gets nothing.
 *
 * @param webhookEndpoints the agencies' webhook endpoints the gateway delivers to
 */
@ConfigurationProperties("jukinet.gateway.outbound")
public record OutboundPolicy(List<WebhookEndpoint> webhookEndpoints) {

    /** The route target that means "the agency endpoint the request names", not a node of the network. */
    public static final String AGENCY_ENDPOINT = "agency-endpoint";
    /** The request header that names the endpoint on the outbound route. */
    public static final String ENDPOINT_HEADER = "X-JukiNet-Webhook-Endpoint";

    public OutboundPolicy {
        webhookEndpoints = webhookEndpoints == null ? List.of() : List.copyOf(webhookEndpoints);
        for (WebhookEndpoint endpoint : webhookEndpoints) {
            endpoint.validate();
        }
    }

    /**
     * One agency endpoint.
     *
     * @param agency      the agency's identity ({@code agency-nenkin}), for operators and logs
     * @param uri         the endpoint exactly as the agency registered it: https, host, port and path
     * @param description what the agency receives there
     */
    public record WebhookEndpoint(String agency, URI uri, String description) {

        void validate() {
            if (agency == null || uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("jukinet.gateway.outbound.webhook-endpoints: " + agency
                        + " needs an https uri with a host and no query, fragment or user: " + uri);
            }
        }
    }

    /**
     * The listed endpoint that {@code header} names exactly (scheme and host case aside), if any.
     * Never throws: a value that is not a URI is listed nowhere.
     */
    public Optional<WebhookEndpoint> listed(String header) {
        if (header == null) {
            return Optional.empty();
        }
        URI asked;
        try {
            asked = new URI(header.trim());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        return webhookEndpoints.stream().filter(endpoint -> same(endpoint.uri(), asked)).findFirst();
    }

    private static boolean same(URI listed, URI asked) {
        return asked.getScheme() != null && listed.getScheme().equalsIgnoreCase(asked.getScheme())
                && asked.getHost() != null && listed.getHost().toLowerCase(Locale.ROOT).equals(asked.getHost().toLowerCase(Locale.ROOT))
                && port(listed) == port(asked)
                && java.util.Objects.equals(listed.getRawPath(), asked.getRawPath())
                && asked.getRawQuery() == null && asked.getRawFragment() == null && asked.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 443 : uri.getPort();
    }
}
