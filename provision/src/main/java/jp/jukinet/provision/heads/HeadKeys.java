package jp.jukinet.provision.heads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * This node's chain-head signing key and the public keys of the nodes it exchanges heads with,
 * all held outside the database: {@code <node>-chain-signing.key} (PKCS#8) and {@code .pub} (X.509
 * SubjectPublicKeyInfo), made by {@code dev-pki signing-key} and handed out by {@code dev-pki
 * distribute} (each node its own private key and its peers' public keys). Loaded once at start;
 * the node does not start without them (fail closed: a head nobody can verify anchors nothing,
 * and a peer whose key is unknown could push heads no one could check).
 */
public final class HeadKeys {

    /** The file name of {@code node}'s key pair, without {@code .key}/{@code .pub}. */
    public static String keyName(String node) {
        return node + "-chain-signing";
    }

    private final String node;
    private final PrivateKey privateKey;
    private final Map<String, PublicKey> publicKeys;

    public HeadKeys(String node, PrivateKey privateKey, Map<String, PublicKey> publicKeys) {
        this.node = node;
        this.privateKey = privateKey;
        this.publicKeys = Map.copyOf(publicKeys);
        if (!this.publicKeys.containsKey(node)) {
            throw new IllegalArgumentException("the public keys must include this node's own");
        }
    }

    /**
     * Reads this node's pair and each peer's public key from {@code directory} (a Spring resource
     * location ending in {@code /}, e.g. {@code file:var/pki/}).
     *
     * @throws IllegalStateException naming the file when one is missing, unreadable, not Ed25519, or
     *                               the node's two files are not a pair
     */
    public static HeadKeys load(String node, Iterable<String> peers, String directory, ResourceLoader resources) {
        String base = directory.endsWith("/") ? directory : directory + "/";
        Resource privatePem = resources.getResource(base + keyName(node) + ".key");
        PrivateKey privateKey = (PrivateKey) read(privatePem, "PRIVATE KEY");
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(node, (PublicKey) read(resources.getResource(base + keyName(node) + ".pub"), "PUBLIC KEY"));
        for (String peer : peers) {
            keys.put(peer, (PublicKey) read(resources.getResource(base + keyName(peer) + ".pub"), "PUBLIC KEY"));
        }
        checkPair(node, privateKey, keys.get(node), privatePem);
        return new HeadKeys(node, privateKey, keys);
    }

    public String node() {
        return node;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key of {@code node}, when this node knows it. */
    public Optional<PublicKey> publicKey(String owner) {
        return Optional.ofNullable(publicKeys.get(owner));
    }

    /** Every public key known here, by node. */
    public Map<String, PublicKey> publicKeys() {
        return publicKeys;
    }

    /** A key as an export carries it: base64 of its X.509 SubjectPublicKeyInfo. */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The inverse of {@link #encode}. */
    public static PublicKey decode(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Reads a PEM public key ({@code <name>.pub}), as a verifier given the PKI's copy does. */
    public static PublicKey readPublicKey(Resource pem) {
        return (PublicKey) read(pem, "PUBLIC KEY");
    }

    private static Object read(Resource pem, String type) {
        if (!pem.exists()) {
            throw new IllegalStateException("jukinet.provision.heads: " + pem.getFilename() + " does not exist ("
                    + pem.getDescription() + "): "
                    + "chain heads are signed and checked with keys from the PKI (dev-pki signing-key <dir> <node>-chain-signing, "
                    + "then distribute); without them the node does not start");
        }
        try (InputStream in = pem.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + type + "-----";
            String end = "-----END " + type + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException("jukinet.provision.heads: " + pem.getDescription() + " holds no " + type);
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            return type.equals("PRIVATE KEY") ? factory.generatePrivate(new PKCS8EncodedKeySpec(der))
                    : factory.generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new IllegalStateException("jukinet.provision.heads: cannot read " + pem.getDescription(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("jukinet.provision.heads: " + pem.getDescription() + " is not an Ed25519 "
                    + type.toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage(), e);
        }
    }

    private static void checkPair(String node, PrivateKey privateKey, PublicKey publicKey, Resource privatePem) {
        try {
            if (!jp.jukinet.provision.subscription.delivery.SigningKey.isPair(privateKey, publicKey)) {
                throw new IllegalStateException("jukinet.provision.heads: " + privatePem.getDescription()
                        + " is not the pair of " + keyName(node) + ".pub");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("jukinet.provision.heads: cannot check the key pair of " + node, e);
        }
    }

    /** Withholds the private key. */
    @Override
    public String toString() {
        return "HeadKeys[node=" + node + ", peers=" + publicKeys.keySet() + "]";
    }
}
