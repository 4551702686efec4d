package jp.jukinet.provision.subscription.delivery;

import java.net.URI;
import java.util.Map;

/** Carries one signed webhook request to an agency's endpoint (through the gateway). */
public interface WebhookSender {

    /**
     * The endpoint's answer.
     *
     * @param status  the HTTP status; 0 when no answer came (refused connection, timeout, TLS failure)
     * @param problem what went wrong, for the delivery state; {@code null} on 2xx. Never personal data:
     *                a status, the gateway's problem title, or an I/O failure's class
     */
    record Answer(int status, String problem) {
        public boolean success() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends {@code body} with {@code headers} to {@code endpoint}. Never throws for a failed delivery. */
    Answer send(URI endpoint, byte[] body, Map<String, String> headers);
}
