package jp.jukinet.service.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

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
    void keepsTheDatabasesPrecision() {
        assertThat(ProvisionChain.storedPrecision(Instant.parse("2026-11-20T01:02:03.123456789Z")))
                .isEqualTo(Instant.parse("2026-11-20T01:02:03.123456Z"));
    }
}
