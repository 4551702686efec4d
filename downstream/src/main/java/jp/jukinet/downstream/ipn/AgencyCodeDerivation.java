package jp.jukinet.downstream.ipn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.jukinet.model.code.ResidentCode;

/**
 * The 機関別符号 the information-provision network derives from a resident code: HMAC-SHA-256 with
 * the network's own secret key, base64url without padding. Keyed, so that nobody without the key
 * derives a person's code from their resident code, and one-way, so that the code does not give the
 * resident code back. (The real 符号 are made per information-holding body by J-LIS's 符号生成; one
 * code per person stands for them here.)
 */
public final class AgencyCodeDerivation {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    /** @param base64Key at least 32 bytes, base64 */
    public AgencyCodeDerivation(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("jukinet.downstream.code-key is required for the information-provision network: "
                    + "the secret key of its 機関別符号 (base64, at least 32 bytes; e.g. openssl rand -base64 32)");
        }
        byte[] bytes = Base64.getDecoder().decode(base64Key.trim());
        if (bytes.length < 32) {
            throw new IllegalStateException("jukinet.downstream.code-key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    public String derive(ResidentCode code) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(code.value().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}
