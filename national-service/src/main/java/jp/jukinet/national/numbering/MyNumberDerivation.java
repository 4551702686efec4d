package jp.jukinet.national.numbering;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * Derives a My Number from a resident code by a keyed transformation, as My Number Act Art. 8
 * requires, so that the resident code cannot be recovered from the number without the key.
 *
 * <p>{@code mac = HMAC-SHA-256(key, "jukinet-my-number-v1" ‖ 0x00 ‖ the 11 ASCII digits of the
 * resident code ‖ counter as 4 bytes big-endian)}; the first 8 bytes of {@code mac}, read as an
 * unsigned number, modulo 10¹¹ are the eleven data digits, and the check digit is added. The
 * result is deterministic for (key, code, counter); the counter moves on when a derived number
 * was issued before (a collision, or the code's earlier numbers after 個人番号の変更). The bias of
 * reducing 2⁶⁴ values modulo 10¹¹ is below 10⁻⁸ and does not matter here.
 */
@Component
public class MyNumberDerivation {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "jukinet-my-number-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final long DATA_BOUND = 100_000_000_000L;

    private final SecretKeySpec key;

    @org.springframework.beans.factory.annotation.Autowired
    MyNumberDerivation(NumberingSettings settings) {
        this(settings.keyBytes());
    }

    /**
     * A derivation with J-LIS's key, outside the server: the bulk loader of the local cluster
     * ({@code jp.jukinet.cluster.BulkLoader}) gives loaded people the numbers J-LIS would have issued.
     */
    public MyNumberDerivation(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The My Number of {@code code} at derivation counter {@code counter} (≥ 0). */
    public MyNumber derive(ResidentCode code, int counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("counter must be 0 or more");
        }
        ByteBuffer message = ByteBuffer.allocate(LABEL.length + 11 + Integer.BYTES)
                .put(LABEL)
                .put(code.value().getBytes(StandardCharsets.US_ASCII))
                .putInt(counter);
        byte[] mac = mac().doFinal(message.array());
        long first8 = ByteBuffer.wrap(mac, 0, Long.BYTES).getLong();
        return MyNumber.fromData(Long.remainderUnsigned(first8, DATA_BOUND));
    }

    // Mac instances are not thread-safe; a fresh one costs about a microsecond.
    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
