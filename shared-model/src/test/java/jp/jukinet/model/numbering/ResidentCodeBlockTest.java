package jp.jukinet.model.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.JsonNode;

class ResidentCodeBlockTest {

    static final UUID ID = UUID.fromString("0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4");
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");

    @Test
    void aRequestAsksForOneToOneHundredThousandSerialsForAMunicipality() {
        assertThat(new ResidentCodeBlockRequest(ID, CHIYODA, 1).size()).isEqualTo(1);
        assertThat(new ResidentCodeBlockRequest(ID, CHIYODA, 100_000).size()).isEqualTo(ResidentCodeBlockRequest.MAX_SIZE);
        assertField(() -> new ResidentCodeBlockRequest(ID, CHIYODA, 0), "size");
        assertField(() -> new ResidentCodeBlockRequest(ID, CHIYODA, -3), "size");
        assertField(() -> new ResidentCodeBlockRequest(ID, CHIYODA, 100_001), "size");
        assertField(() -> new ResidentCodeBlockRequest(null, CHIYODA, 10), "requestId");
        assertField(() -> new ResidentCodeBlockRequest(ID, null, 10), "municipality");
        assertField(() -> new ResidentCodeBlockRequest(ID, LocalGovernmentCode.of("130001"), 10), "municipality");
    }

    @Test
    void aBlockTurnsItsSerialsIntoCodes() {
        ResidentCodeBlock block = new ResidentCodeBlock(ID, CHIYODA, 1_000_000_000L, 1_000_000_009L);
        assertThat(block.size()).isEqualTo(10);
        assertThat(block.codeAt(1_000_000_000L)).isEqualTo(ResidentCode.fromSerial(1_000_000_000L));
        assertThat(block.codeAt(1_000_000_009L).serial()).isEqualTo(1_000_000_009L);
        assertThat(block.codeAtIndex(3).serial()).isEqualTo(1_000_000_003L);
        assertThat(block.contains(ResidentCode.fromSerial(1_000_000_005L))).isTrue();
        assertThat(block.contains(ResidentCode.fromSerial(1_000_000_010L))).isFalse();
        assertField(() -> block.codeAt(999_999_999L), "serial");
        assertField(() -> block.codeAt(1_000_000_010L), "serial");
        assertField(() -> block.codeAtIndex(10), "index");
    }

    @Test
    void aBlockIsANonEmptyRangeOfTenDigitSerialsOfBoundedSize() {
        assertThat(new ResidentCodeBlock(ID, CHIYODA, 9_999_999_999L, 9_999_999_999L).size()).isEqualTo(1);
        assertThat(new ResidentCodeBlock(ID, CHIYODA, 0, 99_999).size()).isEqualTo(100_000);
        assertField(() -> new ResidentCodeBlock(null, CHIYODA, 1, 2), "blockId");
        assertField(() -> new ResidentCodeBlock(ID, null, 1, 2), "municipality");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, -1, 2), "firstSerial");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, 10_000_000_000L, 10_000_000_000L), "firstSerial");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, 5, 4), "lastSerial");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, 9_999_999_999L, 10_000_000_000L), "lastSerial");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, 0, 100_000), "lastSerial");
    }

    @Test
    void travelsAsJsonWithItsFourFieldsAndIgnoresUnknownOnes() {
        ResidentCodeBlock block = new ResidentCodeBlock(ID, CHIYODA, 1_000_000_000L, 1_000_009_999L);
        String json = JukiNetJson.mapper().writeValueAsString(block);
        JsonNode tree = JukiNetJson.mapper().readTree(json);
        assertThat(tree.propertyNames()).containsExactly("blockId", "municipality", "firstSerial", "lastSerial");
        assertThat(tree.get("municipality").asString()).isEqualTo("131016");
        String newer = json.replace("}", ",\"prefecture\":\"pref-13\"}");
        assertThat(JukiNetJson.mapper().readValue(newer, ResidentCodeBlock.class)).isEqualTo(block);

        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(ID, CHIYODA, 500);
        String requestJson = JukiNetJson.mapper().writeValueAsString(request)
                .replace("}", ",\"priority\":\"low\"}");
        assertThat(JukiNetJson.mapper().readValue(requestJson, ResidentCodeBlockRequest.class)).isEqualTo(request);
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(
                "{\"requestId\":\"" + ID + "\",\"municipality\":\"131016\"}", ResidentCodeBlockRequest.class))
                .hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("size"));
    }

    static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
