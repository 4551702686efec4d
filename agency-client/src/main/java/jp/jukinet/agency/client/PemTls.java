package jp.jukinet.agency.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of an agency from the PEM files the network's CA issues ({@code ./jukinet cert agency-<name>}
 * writes {@code var/pki/agency-<name>.crt} and {@code .key}, beside {@code var/pki/ca.crt}): the
 * certificate (with any intermediates after it), its PKCS#8 private key (EC or RSA, unencrypted) and
 * the CA to trust, which is the only CA trusted.
 */
final class PemTls {

    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    static SSLContext context(Path certificate, Path privateKey, Path trustAnchor) {
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            List<Certificate> chain = certificates(certificate);
            own.setKeyEntry("agency", privateKey(privateKey), NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, NO_PASSWORD);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            List<Certificate> anchors = certificates(trustAnchor);
            for (int i = 0; i < anchors.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + certificate + ", " + privateKey + " and "
                    + trustAnchor + ": " + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM file, in order; at least one. */
    static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
        if (read.isEmpty()) {
            throw new GeneralSecurityException(pem + " holds no certificate");
        }
        return List.copyOf(read);
    }

    /** The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of a PEM file: EC, RSA or EdDSA. */
    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        Matcher block = KEY.matcher(text);
        if (!block.find()) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY);"
                    + " convert a traditional or encrypted one with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key>.pk8");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1)));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // try the next
            }
        }
        throw new GeneralSecurityException(pem + " holds a private key that is neither EC, RSA nor Ed25519");
    }
}
