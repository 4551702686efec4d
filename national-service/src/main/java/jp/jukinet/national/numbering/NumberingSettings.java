package jp.jukinet.national.numbering;

import java.time.Duration;
import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of numbering. The service refuses to start with a missing, malformed or short key.
 *
 * @param key         the secret key of the My Number derivation (HMAC-SHA-256), base64, at least
 *                    {@value #MIN_KEY_BYTES} bytes. Whoever holds it can link My Numbers to
 *                    resident codes, so it never appears in logs or in {@link #toString()}
 * @param maxAttempts how often a My Number request is tried when it loses a race with a
 *                    concurrent request for the same codes before it is answered 503
 * @param requestRetention how long the answer to a My Number request is kept for a retry of the
 *                    same request id (at least one day); the numbers themselves are kept for ever
 */
@ConfigurationProperties("jukinet.national.numbering")
record NumberingSettings(String key, @DefaultValue("10") int maxAttempts,
                         @DefaultValue("30d") Duration requestRetention) {

    static final int MIN_KEY_BYTES = 32;

    NumberingSettings {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("jukinet.national.numbering.key is required: "
                    + "the base64 secret key of the My Number derivation");
        }
        byte[] decoded = decode(key);
        if (decoded.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("jukinet.national.numbering.key must be at least " + MIN_KEY_BYTES
                    + " bytes (HMAC-SHA-256 key), got " + decoded.length);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("jukinet.national.numbering.max-attempts must be 1 or more");
        }
        if (requestRetention == null || requestRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("jukinet.national.numbering.request-retention must be at least 1d");
        }
    }

    /** The decoded key; a fresh copy on every call. */
    byte[] keyBytes() {
        return decode(key);
    }

    private static byte[] decode(String key) {
        try {
            return Base64.getDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            // the decoder's message would quote a character of the key
            throw new IllegalArgumentException("jukinet.national.numbering.key is not valid base64");
        }
    }

    @Override
    public String toString() {
        return "NumberingSettings[key=(secret), maxAttempts=" + maxAttempts + ", requestRetention=" + requestRetention + "]";
    }
}
