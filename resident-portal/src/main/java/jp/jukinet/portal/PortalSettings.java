package jp.jukinet.portal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the resident's portal, {@code jukinet.portal.*}; it does not start without them.
 *
 * @param gateway      the gateway's https base URI: every read of a resident's data goes through it
 * @param tlsDirectory where {@code ca.crt} (and {@code ca.crl}, when certificates were revoked) and each enrolled
 *                     resident's {@code resident-<code>.crt} and {@code .key} are (PEM), as their municipality
 *                     issued them with their card
 * @param origin       the portal's origin as the browser sees it ({@code https://portal.example.jp},
 *                     {@code http://localhost:8091}): passkeys are bound to it
 * @param rpId         the passkeys' relying party id, the origin's host ({@code localhost})
 */
@ConfigurationProperties("jukinet.portal")
public record PortalSettings(URI gateway, Path tlsDirectory, URI origin, String rpId) {

    public PortalSettings {
        if (gateway == null || !"https".equals(gateway.getScheme())) {
            throw new IllegalStateException("jukinet.portal.gateway (the gateway's https base URI) is required");
        }
        if (tlsDirectory == null || !Files.isReadable(tlsDirectory.resolve("ca.crt"))) {
            throw new IllegalStateException("jukinet.portal.tls-directory must hold ca.crt");
        }
        if (origin == null || origin.getHost() == null) {
            throw new IllegalStateException("jukinet.portal.origin (the portal's origin, as browsers reach it) is required");
        }
        if (rpId == null || !rpId.equals(origin.getHost())) {
            throw new IllegalStateException("jukinet.portal.rp-id must be the origin's host, " + origin.getHost());
        }
    }

    /** The origin without a trailing slash, as WebAuthn compares it. */
    public String originText() {
        String text = origin.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
