package jp.jukinet.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;

/**
 * 利用登録用紙: what a municipality's window prints for a resident so that they can enrol at the
 * resident's portal. It says that the person with {@code residentCode}, registered at
 * {@code municipality}, may enrol until {@code expiresAt}, signed with that municipality's clerk key:
 * a compact JWS (ES256) with the clerk certificate ({@code clerk-<lg>}) in its {@code x5c} header.
 * The portal takes it only from the municipality it names, signed by a certificate of the network's
 * CA that is valid and not revoked, before it expires, once; and then only with the person's date of
 * birth, which the slip does not carry.
 *
 * <p>It carries no name and no My Number: a slip lost on the way home tells the finder a resident
 * code and nothing they can enrol with alone.
 */
public record ActivationSlip(UUID slipId, ResidentCode residentCode, LocalGovernmentCode municipality,
                             Instant issuedAt, Instant expiresAt) {

    /** How long a slip can be used. */
    public static final Duration VALIDITY = Duration.ofDays(30);
    /** The JWS {@code typ}: a slip is no other kind of token. */
    public static final String TYPE = "jukinet-activation+jwt";
    /** How far a slip's {@code iat} may be ahead of the portal's clock. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    public ActivationSlip {
        if (slipId == null || residentCode == null || municipality == null || issuedAt == null || expiresAt == null) {
            throw new InvalidValueException("slip", "a slip names its id, the resident, the municipality and its validity");
        }
        if (!expiresAt.isAfter(issuedAt) || Duration.between(issuedAt, expiresAt).compareTo(VALIDITY) > 0) {
            throw new InvalidValueException("slip", "a slip is valid for at most " + VALIDITY.toDays() + " days");
        }
    }

    /** A new slip for {@code residentCode} of {@code municipality}, valid for {@link #VALIDITY} from {@code now}. */
    public static ActivationSlip issue(ResidentCode residentCode, LocalGovernmentCode municipality, Instant now) {
        Instant issued = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // the JWS keeps seconds
        return new ActivationSlip(UUID.randomUUID(), residentCode, municipality, issued, issued.plus(VALIDITY));
    }

    /** The compact JWS, signed with {@code key}, the private key of {@code certificate} ({@code clerk-<lg>}). */
    public String sign(PrivateKey key, X509Certificate certificate) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "ES256");
            header.put("typ", TYPE);
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("jti", slipId.toString());
            claims.put("sub", residentCode.value());
            claims.put("lg", municipality.value());
            claims.put("iat", issuedAt.getEpochSecond());
            claims.put("exp", expiresAt.getEpochSecond());
            String signed = URL.encodeToString(JukiNetJson.mapper().writeValueAsBytes(header)) + "."
                    + URL.encodeToString(JukiNetJson.mapper().writeValueAsBytes(claims));
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an activation slip: " + e.getMessage(), e);
        }
    }

    /**
     * The slip {@code compact} states, once every check holds.
     *
     * @param ca          the network's CA, which must have issued the signing certificate
     * @param revocations the CA's revocation list, or {@code null} where there is none
     * @throws InvalidValueException (field {@code slip}) naming the check that failed
     */
    public static ActivationSlip verify(String compact, X509Certificate ca, X509CRL revocations, Instant now) {
        String[] parts = compact == null ? new String[0] : compact.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw refused("this is not an activation slip");
        }
        JsonNode header = json(parts[0]);
        JsonNode claims = json(parts[1]);
        if (!"ES256".equals(header.path("alg").asString()) || !TYPE.equals(header.path("typ").asString())) {
            throw refused("this is not an activation slip");
        }
        X509Certificate signer = signer(header);
        try {
            signer.verify(ca.getPublicKey());
            signer.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
            throw refused("the slip is not signed by a valid certificate of the network");
        }
        if (revocations != null && revocations.isRevoked(signer)) {
            throw refused("the certificate that signed the slip has been revoked");
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(signer.getPublicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(URL_DECODER.decode(parts[2]))) {
                throw refused("the slip's signature does not match it");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused("the slip's signature does not match it");
        }
        ActivationSlip slip;
        try {
            slip = new ActivationSlip(UUID.fromString(claims.path("jti").asString()),
                    ResidentCode.of(claims.path("sub").asString()), LocalGovernmentCode.of(claims.path("lg").asString()),
                    Instant.ofEpochSecond(claims.path("iat").asLong()), Instant.ofEpochSecond(claims.path("exp").asLong()));
        } catch (IllegalArgumentException e) {
            throw refused("the slip's contents are not valid");
        }
        if (!("clerk-" + slip.municipality().value()).equals(commonName(signer))) {
            throw refused("the slip was not signed by the municipality it names");
        }
        if (slip.issuedAt().isAfter(now.plus(SKEW))) {
            throw refused("the slip was issued in the future");
        }
        if (!now.isBefore(slip.expiresAt())) {
            throw refused("the slip has expired: ask the municipality's window for a new one");
        }
        return slip;
    }

    private static X509Certificate signer(JsonNode header) {
        JsonNode chain = header.path("x5c");
        if (!chain.isArray() || chain.size() != 1) {
            throw refused("the slip does not carry the certificate that signed it");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(chain.get(0).asString())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused("the slip's certificate cannot be read");
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // no common name to compare
        }
        return "";
    }

    private static JsonNode json(String part) {
        try {
            return JukiNetJson.mapper().readTree(URL_DECODER.decode(part));
        } catch (IllegalArgumentException | JacksonException e) {
            throw refused("this is not an activation slip");
        }
    }

    private static InvalidValueException refused(String reason) {
        return new InvalidValueException("slip", reason);
    }

    /** Shows the slip's id only: the resident code is personal data. */
    @Override
    public String toString() {
        return "ActivationSlip[slipId=" + slipId + "]";
    }
}
