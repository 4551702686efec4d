package jp.jukinet.agency;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook request as the agency's endpoint received it: the method, the headers (names in any
 * case) and the body's exact bytes. The verifier needs the bytes as they arrived: a body parsed
 * and written again no longer matches its digest.
 */
public record WebhookRequest(String method, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        Map<String, String> lower = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        headers = lower;
        body = body == null ? new byte[0] : body.clone();
    }

    /** The header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
