package jp.jukinet.provision.heads;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.provision.ProvisionChain;

/**
 * A chain head of a node's provision records (F7), signed by that node with its Ed25519 key held
 * outside its database: "my chain had {@code seq} records ending in {@code hash} at
 * {@code signedAt}, and at {@code witnessSeq} it had {@code witnessHash}". The witness is the
 * position of the head the receiver held before, so a receiver sees at once whether the chain it
 * is shown now still extends the one it was shown then (a hash chain needs no more proof than
 * the hash at the earlier position).
 *
 * <p>The signed bytes ({@link #payload}) are the ASCII tag {@code jukinet-provision-head-v1},
 * the owner's name as UTF-8 preceded by its length (4 bytes big-endian), then {@code seq} (8
 * bytes big-endian), {@code hash} (32 bytes), {@code signedAt} in microseconds since the epoch (8
 * bytes), {@code witnessSeq} (8 bytes) and {@code witnessHash} (32 bytes). Anyone with the owner's
 * public key checks it; nothing in it is personal data.
 *
 * @param owner       the node whose chain it is ({@code national}, {@code pref-13})
 * @param seq         the last seq of the chain (0: no records)
 * @param hash        the chain's hash at {@code seq}, 64 hex digits
 * @param signedAt    when it was signed (microsecond precision)
 * @param witnessSeq  the seq of the head the receiver held before (0: none)
 * @param witnessHash the owner's chain hash at {@code witnessSeq}, 64 hex digits
 * @param signature   Ed25519 over {@link #payload}, base64
 */
public record SignedHead(String owner, long seq, String hash, Instant signedAt, long witnessSeq, String witnessHash,
                         String signature) {

    private static final byte[] TAG = "jukinet-provision-head-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NODE = Pattern.compile("national|pref-\\d{2}|cs-\\d{6}");

    /**
     * @throws InvalidValueException naming the field that is missing or malformed
     */
    public SignedHead {
        require(owner != null && NODE.matcher(owner).matches(), "owner", "a node name (national, pref-NN)");
        require(seq >= 0, "seq", "0 or more");
        require(hash != null && HASH.matcher(hash).matches(), "hash", "64 lower-case hex digits");
        require(signedAt != null, "signedAt", "a time");
        require(witnessSeq >= 0 && witnessSeq <= seq, "witnessSeq", "between 0 and seq");
        require(witnessHash != null && HASH.matcher(witnessHash).matches(), "witnessHash", "64 lower-case hex digits");
        require(signature != null && !signature.isBlank(), "signature", "base64 Ed25519 signature");
        signedAt = ProvisionChain.storedPrecision(signedAt);
    }

    private static void require(boolean holds, String field, String expected) {
        if (!holds) {
            throw new InvalidValueException(field, "must be " + expected);
        }
    }

    /** Signs the head of {@code owner}'s chain with {@code key}. */
    public static SignedHead sign(String owner, long seq, byte[] hash, Instant signedAt, long witnessSeq,
                                  byte[] witnessHash, PrivateKey key) {
        Instant at = ProvisionChain.storedPrecision(signedAt);
        byte[] payload = payload(owner, seq, hash, at, witnessSeq, witnessHash);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(payload);
            return new SignedHead(owner, seq, hex(hash), at, witnessSeq, hex(witnessHash),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the chain-head key of " + owner, e);
        }
    }

    /** Whether {@link #signature} is {@code key}'s signature of this head. */
    public boolean signedBy(PublicKey key) {
        try {
            byte[] signatureBytes = Base64.getDecoder().decode(signature);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(payload());
            return verifier.verify(signatureBytes);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The bytes signed (see the class documentation). */
    public byte[] payload() {
        return payload(owner, seq, hashBytes(), signedAt, witnessSeq, witnessHashBytes());
    }

    public byte[] hashBytes() {
        return HexFormat.of().parseHex(hash);
    }

    public byte[] witnessHashBytes() {
        return HexFormat.of().parseHex(witnessHash);
    }

    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    static byte[] payload(String owner, long seq, byte[] hash, Instant signedAt, long witnessSeq, byte[] witnessHash) {
        if (hash.length != 32 || witnessHash.length != 32) {
            throw new IllegalArgumentException("hashes are 32 bytes (SHA-256)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(TAG);
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        writeInt(out, name.length);
        out.writeBytes(name);
        writeLong(out, seq);
        out.writeBytes(hash);
        writeLong(out, Math.addExact(Math.multiplyExact(signedAt.getEpochSecond(), 1_000_000L), signedAt.getNano() / 1_000));
        writeLong(out, witnessSeq);
        out.writeBytes(witnessHash);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
