package jp.jukinet.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProvisionChainTest {

    private static final ProvisionChain.Row ROW = new ProvisionChain.Row(7, Instant.parse("2026-11-20T01:02:03.123456Z"),
            "agency-nenkin", "nenkin-x", "12345678901", "RESIDENT_CODE", "NAME,ADDRESS", "PROVIDED", null);

    @Test
    void hashesTheSameRowTheSameWay() {
        assertThat(ProvisionChain.hash(ProvisionChain.GENESIS, ROW)).isEqualTo(ProvisionChain.hash(new byte[32], ROW))
                .hasSize(32);
    }

    @Test
    void everyColumnAndThePreviousHashChangeTheHash() {
        byte[] hash = ProvisionChain.hash(ProvisionChain.GENESIS, ROW);
        byte[] otherPrevious = new byte[32];
        otherPrevious[31] = 1;
        assertThat(ProvisionChain.hash(otherPrevious, ROW)).isNotEqualTo(hash);
        assertThat(ProvisionChain.hash(ProvisionChain.GENESIS, new ProvisionChain.Row(8, ROW.recordedAt(), ROW.recipient(),
                ROW.basis(), ROW.residentCode(), ROW.lookupKey(), ROW.fields(), ROW.outcome(), ROW.refusal())))
                .isNotEqualTo(hash);
        assertThat(ProvisionChain.hash(ProvisionChain.GENESIS, new ProvisionChain.Row(7,
                ROW.recordedAt().plusNanos(1000), ROW.recipient(), ROW.basis(), ROW.residentCode(), ROW.lookupKey(),
                ROW.fields(), ROW.outcome(), ROW.refusal()))).isNotEqualTo(hash);
        assertThat(ProvisionChain.hash(ProvisionChain.GENESIS, new ProvisionChain.Row(7, ROW.recordedAt(), ROW.recipient(),
                ROW.basis(), ROW.residentCode(), ROW.lookupKey(), "NAME,ADDRESS,MY_NUMBER", ROW.outcome(), ROW.refusal())))
                .isNotEqualTo(hash);
    }

    @Test
    void theEncodingIsUnambiguous() {
        // the same characters split differently between columns, and null against empty, encode differently
        ProvisionChain.Row a = new ProvisionChain.Row(1, ROW.recordedAt(), "agency-a", "bc", null, "RESIDENT_CODE", "",
                "NOT_FOUND", null);
        ProvisionChain.Row b = new ProvisionChain.Row(1, ROW.recordedAt(), "agency-ab", "c", null, "RESIDENT_CODE", "",
                "NOT_FOUND", null);
        ProvisionChain.Row c = new ProvisionChain.Row(1, ROW.recordedAt(), "agency-a", "bc", "", "RESIDENT_CODE", "",
                "NOT_FOUND", null);
        assertThat(ProvisionChain.canonical(a)).isNotEqualTo(ProvisionChain.canonical(b))
                .isNotEqualTo(ProvisionChain.canonical(c));
    }

    @Test
    void encodesARowAsTheClassDocumentSays() throws Exception {
        ProvisionChain.Row japanese = new ProvisionChain.Row(9, ROW.recordedAt(), "agency-nenkin", "年金-30-9-𠮷",
                null, "FOUR_INFO", "", "REFUSED", "NOT_RECIPIENT");
        ProvisionChain.Row longRow = new ProvisionChain.Row(10, ROW.recordedAt(), "agency-" + "x".repeat(300), "b",
                "12345678901", "MY_NUMBER", "NAME", "PROVIDED", null);
        for (ProvisionChain.Row row : List.of(ROW, japanese, longRow)) {
            assertThat(ProvisionChain.canonical(row)).isEqualTo(documented(row));
        }
    }

    @Test
    void aHasherReusedAcrossRowsHashesEachAsIfAlone() throws Exception {
        ProvisionChain.Hasher hasher = new ProvisionChain.Hasher();
        byte[] previous = ProvisionChain.GENESIS;
        for (int seq = 1; seq <= 20; seq++) {
            ProvisionChain.Row row = new ProvisionChain.Row(seq, ROW.recordedAt().plusSeconds(seq),
                    "agency-" + "y".repeat(seq * 20), seq % 3 == 0 ? "法-" + seq : "basis-" + seq, seq % 2 == 0 ? null : "12345678901", "RESIDENT_CODE",
                    "NAME,ADDRESS", "PROVIDED", null);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(concat(previous, documented(row)));
            byte[] hash = hasher.hash(previous, row);
            assertThat(hash).as("seq %d", seq).isEqualTo(expected).isEqualTo(ProvisionChain.hash(previous, row));
            previous = hash;
        }
    }

    /** The encoding as the class comment states it, written independently of the class. */
    private static byte[] documented(ProvisionChain.Row row) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("jukinet-provision-record-v1".getBytes(StandardCharsets.US_ASCII));
        out.writeLong(row.seq());
        out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, row.recordedAt()));
        for (String text : new String[] {row.recipient(), row.basis(), row.residentCode(), row.lookupKey(), row.fields(),
                row.outcome(), row.refusal()}) {
            if (text == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void keepsTheDatabasesPrecision() {
        assertThat(ProvisionChain.storedPrecision(Instant.parse("2026-11-20T01:02:03.123456789Z")))
                .isEqualTo(Instant.parse("2026-11-20T01:02:03.123456Z"));
    }
}
