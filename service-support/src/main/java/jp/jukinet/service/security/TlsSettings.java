package jp.jukinet.service.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call this node over mutual TLS.
 *
 * @param allowedPeers identities (certificate common names) that may call this node's API, with
 *                     {@code *} matching any run of characters, e.g. {@code cs-13*}, {@code gateway};
 *                     every other certified caller may read only health and the API documents
 */
@ConfigurationProperties("jukinet.tls")
public record TlsSettings(List<String> allowedPeers) {

    public TlsSettings {
        allowedPeers = allowedPeers == null ? List.of() : List.copyOf(allowedPeers);
    }

    public boolean allows(String identity) {
        return allowedPeers.stream().anyMatch(pattern -> matches(pattern.trim(), identity));
    }

    static boolean matches(String pattern, String identity) {
        String regex = java.util.Arrays.stream(pattern.split("\\*", -1))
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return identity.matches(regex);
    }
}
