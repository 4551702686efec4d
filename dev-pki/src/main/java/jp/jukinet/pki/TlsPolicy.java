package jp.jukinet.pki;

import java.util.List;

/**
 * The TLS every Juki-Net connection speaks: TLS 1.3, and TLS 1.2 with ephemeral ECDH key exchange
 * and AEAD ciphers only (AES-GCM, ChaCha20-Poly1305) — no CBC suite (LUCKY13), no static RSA key
 * exchange, nothing older than 1.2. The nodes set the same lists in their SSL bundle
 * ({@code spring.ssl.bundle.pem.node.options} in each {@code <module>.yaml}); these constants are for
 * the clients built outside a node (the local cluster's, the tests').
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3's suites, then TLS 1.2's: ECDHE with ECDSA keys (the dev CA's), and with RSA keys. */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }
}
