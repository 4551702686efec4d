package jp.jukinet.provision.subscription.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.springframework.core.io.Resource;

import jp.jukinet.model.subscription.PublishedKeys;

/**
 * The national server's webhook signing key (Ed25519) and the id it is published under. Loaded
 * once at start; the node does not start without it (fail closed: a national server that cannot
 * sign delivers nothing rather than something an agency cannot verify).
 */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {

    /** This key as published: a JWK set of one key. */
    public PublishedKeys published() {
        return new PublishedKeys(java.util.List.of(PublishedKeys.Key.of(keyId, publicKey)));
    }

    /**
     * Reads the pair.
     *
     * @throws IllegalStateException naming the setting when a file is missing, unreadable, not an
     *                               Ed25519 key, or the two are not a pair
     */
    public static SigningKey load(String keyId, Resource privatePem, Resource publicPem) {
        if (privatePem == null || publicPem == null) {
            throw new IllegalStateException("jukinet.subscription.delivery.signing-key and public-key are required "
                    + "on the national server: without its key it signs no webhook, so it does not start");
        }
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(privatePem, "PRIVATE KEY")));
            PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(der(publicPem, "PUBLIC KEY")));
            if (!isPair(privateKey, publicKey)) {
                throw new IllegalStateException("jukinet.subscription.delivery.public-key " + publicPem.getDescription()
                        + " is not the pair of signing-key " + privatePem.getDescription());
            }
            return new SigningKey(keyId, privateKey, publicKey);
        } catch (IOException e) {
            throw new IllegalStateException("jukinet.subscription.delivery: cannot read the signing key: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("jukinet.subscription.delivery: the signing key is not an Ed25519 key pair "
                    + "(PEM PKCS#8 and SubjectPublicKeyInfo): " + e.getMessage(), e);
        }
    }

    private static byte[] der(Resource pem, String type) throws IOException {
        String text;
        try (InputStream in = pem.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(pem.getDescription() + " holds no " + type);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    /** Withholds the private key. */
    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + "]";
    }

    /**
     * Whether {@code publicKey} verifies what {@code privateKey} signs (Ed25519): a node's key files
     * are checked for being one pair before it signs anything (webhooks here, chain heads in
     * {@code jp.jukinet.provision.heads.HeadKeys}).
     */
    public static boolean isPair(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "jukinet Ed25519 key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
