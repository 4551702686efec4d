package jp.jukinet.model.subscription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.jukinet.model.InvalidValueException;

/**
 * The signature of a webhook request, written by the national server and checked by the agency:
 * HTTP Message Signatures (RFC 9421) with Ed25519, the body bound by {@code Content-Digest}
 * (RFC 9530, sha-256). Both sides build the signature base here, so they cannot disagree on it.
 *
 * <p>A signed request carries
 * <pre>
 * Content-Type:    application/json;charset=UTF-8
 * Content-Digest:  sha-256=:&lt;base64 of SHA-256(body)&gt;:
 * Signature-Input: jukinet=("@method" "@target-uri" "content-digest" "content-type");created=&lt;epoch s&gt;;keyid="&lt;kid&gt;";nonce="&lt;random&gt;";alg="ed25519"
 * Signature:       jukinet=:&lt;base64 Ed25519 signature of the signature base&gt;:
 * </pre>
 * The target URI is the agency's registered endpoint, as the national server addressed it; the
 * gateway that carries the request into the agency zone does not change it.
 */
public final class WebhookSignatures {

    /** The label of the one signature a webhook request carries. */
    public static final String LABEL = "jukinet";
    /** The components every signature covers, in this order. */
    public static final List<String> COMPONENTS = List.of("@method", "@target-uri", "content-digest", "content-type");
    public static final String ALGORITHM = "ed25519";
    /**
     * The content type every delivery is sent and signed with, written as Spring's {@code MediaType}
     * writes it: a servlet container adds the request's charset to a bare {@code application/json}
     * when the gateway forwards it, and the signed header must reach the agency unchanged.
     */
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    /** The DER prefix of an X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final Pattern DIGEST = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):\\s*(?:,|$)");
    private static final Pattern INPUT = Pattern.compile("^\\s*" + LABEL + "=\\(([^)]*)\\)((?:;[a-z]+=(?:\"[^\"\\\\]*\"|\\d+))*)\\s*$");
    private static final Pattern PARAM = Pattern.compile(";([a-z]+)=(\"[^\"\\\\]*\"|\\d+)");
    private static final Pattern SIGNATURE = Pattern.compile("^\\s*" + LABEL + "=:([A-Za-z0-9+/=]+):\\s*$");

    private WebhookSignatures() {
    }

    /** The headers of one signed request. */
    public record SignedHeaders(String contentType, String contentDigest, String signatureInput, String signature) {

        public Map<String, String> asMap() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put("Content-Digest", contentDigest);
            headers.put("Signature-Input", signatureInput);
            headers.put("Signature", signature);
            return headers;
        }
    }

    /**
     * The parameters of a signature as the request states them.
     *
     * @param components the covered components, in order
     * @param created    when it was signed
     * @param keyId      which published key signed it
     * @param nonce      unique per request: a receiver refuses a nonce it has seen
     * @param alg        the algorithm, {@value #ALGORITHM}
     * @param raw        the inner list and parameters exactly as sent, for the signature base
     */
    public record SignatureInput(List<String> components, Instant created, String keyId, String nonce, String alg,
                                 String raw) {
    }

    /** Signs {@code body} sent with {@code method} to {@code target} with {@code key}, published as {@code keyId}. */
    public static SignedHeaders sign(String method, URI target, byte[] body, PrivateKey key, String keyId,
                                     Instant created, String nonce) {
        Objects.requireNonNull(key, "key");
        String digest = contentDigest(body);
        String raw = "(" + String.join(" ", COMPONENTS.stream().map(c -> "\"" + c + "\"").toList()) + ")"
                + ";created=" + created.getEpochSecond() + ";keyid=\"" + quoted(keyId) + "\";nonce=\"" + quoted(nonce)
                + "\";alg=\"" + ALGORITHM + "\"";
        String base = signatureBase(method, target.toString(), digest, CONTENT_TYPE, raw);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(base.getBytes(StandardCharsets.UTF_8));
            String signature = Base64.getEncoder().encodeToString(ed25519.sign());
            return new SignedHeaders(CONTENT_TYPE, digest, LABEL + "=" + raw, LABEL + "=:" + signature + ":");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** {@code sha-256=:<base64>:} of {@code body} (RFC 9530). */
    public static String contentDigest(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /** Whether {@code header} holds a sha-256 digest equal to that of {@code body}, compared in constant time. */
    public static boolean digestMatches(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        Matcher m = DIGEST.matcher(header);
        if (!m.find()) {
            return false;
        }
        byte[] stated;
        try {
            stated = Base64.getDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(stated, sha256(body));
    }

    /**
     * Parses the {@code Signature-Input} of label {@value #LABEL}.
     *
     * @throws InvalidValueException naming the header when it is missing, malformed, or lacks created, keyid or nonce
     */
    public static SignatureInput parseInput(String header) {
        if (header == null) {
            throw new InvalidValueException("Signature-Input", "Signature-Input is missing");
        }
        Matcher m = INPUT.matcher(header);
        if (!m.matches()) {
            throw new InvalidValueException("Signature-Input", "Signature-Input is not a " + LABEL + " signature");
        }
        List<String> components = new ArrayList<>();
        for (String item : m.group(1).trim().split("\\s+")) {
            if (item.length() < 2 || !item.startsWith("\"") || !item.endsWith("\"")) {
                throw new InvalidValueException("Signature-Input", "a covered component is not a quoted name");
            }
            components.add(item.substring(1, item.length() - 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher p = PARAM.matcher(m.group(2));
        while (p.find()) {
            String value = p.group(2);
            params.put(p.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        if (!params.containsKey("created") || !params.containsKey("keyid") || !params.containsKey("nonce")) {
            throw new InvalidValueException("Signature-Input", "Signature-Input needs created, keyid and nonce");
        }
        Instant created;
        try {
            created = Instant.ofEpochSecond(Long.parseLong(params.get("created")));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("Signature-Input", "created is not a number");
        }
        String raw = header.trim().substring(LABEL.length() + 1);
        return new SignatureInput(List.copyOf(components), created, params.get("keyid"), params.get("nonce"),
                params.get("alg"), raw);
    }

    /**
     * Whether {@code signatureHeader} is a valid Ed25519 signature by {@code key} over the request's
     * signature base. The caller checks the input's components, time and nonce.
     */
    public static boolean verify(String method, String targetUri, String contentDigest, String contentType,
                                 SignatureInput input, String signatureHeader, PublicKey key) {
        if (signatureHeader == null) {
            return false;
        }
        Matcher m = SIGNATURE.matcher(signatureHeader);
        if (!m.matches()) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(m.group(1));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signatureBase(method, targetUri, contentDigest, contentType, input.raw())
                    .getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The signature base of RFC 9421 section 2.5 over {@link #COMPONENTS}. */
    static String signatureBase(String method, String targetUri, String contentDigest, String contentType, String params) {
        return "\"@method\": " + method.toUpperCase(Locale.ROOT) + "\n"
                + "\"@target-uri\": " + targetUri + "\n"
                + "\"content-digest\": " + contentDigest.trim() + "\n"
                + "\"content-type\": " + contentType.trim() + "\n"
                + "\"@signature-params\": " + params;
    }

    /** The raw 32 bytes of an Ed25519 public key (the JWK {@code x}). */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(encoded, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX.length, encoded.length);
    }

    /** The Ed25519 public key of raw bytes {@code x} (a JWK's {@code x}). */
    public static PublicKey publicKey(byte[] x) {
        if (x.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        byte[] encoded = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(x, 0, encoded, ED25519_SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static String quoted(String value) {
        if (value == null || value.isEmpty() || value.contains("\"") || value.contains("\\")) {
            throw new IllegalArgumentException("keyid and nonce are non-empty and contain no quotes");
        }
        return value;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
