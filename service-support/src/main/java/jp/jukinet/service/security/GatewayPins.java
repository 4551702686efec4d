package jp.jukinet.service.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's certificates, known by their SHA-256 fingerprints: a backend believes the caller
 * header only on a connection whose certificate is one of these. Any other certificate, whatever
 * name it carries, is an ordinary peer — a second "gateway" certificate from the same CA included.
 */
final class GatewayPins {

    private final Set<String> fingerprints;

    private GatewayPins(Set<String> fingerprints) {
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /**
     * Reads every certificate of every file; a missing, unreadable or empty one stops the start,
     * naming {@value TlsSettings#GATEWAY_CERTIFICATE}.
     */
    static GatewayPins load(List<String> files) {
        if (files.isEmpty()) {
            throw new IllegalStateException(TlsSettings.GATEWAY_CERTIFICATE + " names no file: a backend must know the "
                    + "gateway's certificate to believe the caller it passes (default ${jukinet.tls.directory}/gateway.crt)");
        }
        Set<String> fingerprints = new LinkedHashSet<>();
        for (String file : files) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                List<? extends Certificate> certificates = List.copyOf(
                        CertificateFactory.getInstance("X.509").generateCertificates(in));
                if (certificates.isEmpty()) {
                    throw new IllegalStateException(TlsSettings.GATEWAY_CERTIFICATE + ": " + file + " holds no certificate");
                }
                for (Certificate certificate : certificates) {
                    fingerprints.add(fingerprint((X509Certificate) certificate));
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(TlsSettings.GATEWAY_CERTIFICATE + ": cannot read the gateway's certificate "
                        + "from " + file + " (" + e.getMessage() + ")", e);
            }
        }
        return new GatewayPins(fingerprints);
    }

    boolean matches(X509Certificate certificate) {
        return fingerprints.contains(fingerprint(certificate));
    }

    Set<String> fingerprints() {
        return fingerprints;
    }

    /** SHA-256 of the DER encoding, as lower-case hex pairs separated by colons (as {@code openssl x509 -fingerprint -sha256} shows it). */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
