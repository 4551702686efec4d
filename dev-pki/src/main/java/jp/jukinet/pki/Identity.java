package jp.jukinet.pki;

import java.util.regex.Pattern;

/**
 * The name a node or caller carries in its certificate's common name, e.g. {@code national},
 * {@code pref-13}, {@code cs-131016}, {@code clerk-131016}, {@code agency-nenkin},
 * {@code resident-12345678901}.
 *
 * <p>Names are lower-case ASCII letters, digits and hyphens, so that they are safe as file
 * names, as host names in docker compose and inside a distinguished name.
 */
public record Identity(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NODE = Pattern.compile("gateway|national|pref-\\d{2}|cs-\\d{6}");
    private static final Pattern WEBHOOK_ENDPOINT = Pattern.compile("webhook-agency-[a-z0-9]+(-[a-z0-9]+)*");

    public Identity {
        if (name == null || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "identity must be 1-63 lower-case letters, digits and single hyphens, e.g. clerk-131016; got '"
                            + name + "'");
        }
    }

    /**
     * Whether this identity is a node that serves TLS: {@code gateway}, {@code national},
     * {@code pref-NN}, {@code cs-NNNNNN}. Every other identity (clerks, agencies, residents,
     * operators) only ever calls.
     */
    public boolean isNode() {
        return NODE.matcher(name).matches();
    }

    /**
     * Whether this identity is an agency's webhook endpoint, {@code webhook-<agency>} (e.g.
     * {@code webhook-agency-nenkin}): the server in the agency zone that receives push-type
     * notification from the gateway. It serves TLS like a node but is no node of the network.
     */
    public boolean isWebhookEndpoint() {
        return WEBHOOK_ENDPOINT.matcher(name).matches();
    }

    /** Whether this identity serves TLS: a node or an agency's webhook endpoint. */
    public boolean servesTls() {
        return isNode() || isWebhookEndpoint();
    }

    @Override
    public String toString() {
        return name;
    }
}
