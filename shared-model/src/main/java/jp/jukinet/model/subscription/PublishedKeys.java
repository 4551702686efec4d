package jp.jukinet.model.subscription;

import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The national server's webhook signing keys as it publishes them at
 * {@code GET /api/v1/national/subscription-keys}: a JWK set (RFC 7517) of Ed25519 keys
 * (RFC 8037, {@code kty} OKP). Keys rotate by {@code kid}: a new key is published before it signs,
 * an old one stays published until every delivery it signed is past the receivers' window.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublishedKeys(List<Key> keys) {

    public PublishedKeys {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One published key; {@code x} is the raw public key, base64url without padding. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Key(String kty, String crv, String kid, String x, String use, String alg) {

        /** The JWK of an Ed25519 public key. */
        public static Key of(String kid, PublicKey key) {
            return new Key("OKP", "Ed25519", kid,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(WebhookSignatures.rawPublicKey(key)),
                    "sig", "EdDSA");
        }

        /** The key, or empty when it is not an Ed25519 signing key. */
        public Optional<PublicKey> publicKey() {
            if (!"OKP".equals(kty) || !"Ed25519".equals(crv) || x == null || (use != null && !"sig".equals(use))) {
                return Optional.empty();
            }
            try {
                return Optional.of(WebhookSignatures.publicKey(Base64.getUrlDecoder().decode(x)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** The Ed25519 key published as {@code kid}. */
    public Optional<PublicKey> find(String kid) {
        return keys.stream().filter(key -> key.kid() != null && key.kid().equals(kid)).findFirst()
                .flatMap(Key::publicKey);
    }
}
