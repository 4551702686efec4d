package jp.jukinet.service.security;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call this node over mutual TLS, and how it knows the gateway.
 *
 * @param directory          the node's PKI directory ({@code ca.crt}, its own {@code <identity>.crt/.key})
 * @param identity           the node's own identity, the name of its certificate
 * @param allowedPeers       identities (certificate common names) that may call this node's API, with
 *                           {@code *} matching any run of characters, e.g. {@code cs-13*}, {@code gateway};
 *                           none: no one. {@code gateway} means only the pinned gateway certificate, never
 *                           another certificate of that name. Every other certified caller may read only
 *                           health and the API documents; the other actuator endpoints answer operators
 *                           ({@code operator-*}) only.
 * @param gatewayCertificate PEM files of the gateway's certificate (default
 *                           {@code <directory>/gateway.crt}): the gateway is the peer whose certificate's
 *                           SHA-256 fingerprint is one of theirs, and only its {@code X-JukiNet-Caller} is
 *                           believed. Every certificate in every file is pinned, so a rotation lists the
 *                           old and the new file (or one file holding both) until every gateway runs the new.
 */
@ConfigurationProperties("jukinet.tls")
public record TlsSettings(String directory, String identity, List<String> allowedPeers, List<String> gatewayCertificate) {

    public static final String GATEWAY_CERTIFICATE = "jukinet.tls.gateway-certificate";

    public TlsSettings {
        allowedPeers = allowedPeers == null ? List.of() : List.copyOf(allowedPeers);
        gatewayCertificate = gatewayCertificate == null || gatewayCertificate.isEmpty()
                ? directory == null ? List.of() : List.of(Path.of(directory, "gateway.crt").toString())
                : List.copyOf(gatewayCertificate);
    }

    /** Whether {@code identity} is one of the allowed peers. */
    public boolean allows(String identity) {
        return allowedPeers.stream().anyMatch(pattern -> matches(pattern.trim(), identity));
    }

    static boolean matches(String pattern, String identity) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return identity.matches(regex);
    }
}
