package jp.jukinet.model.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.JsonNode;

class ResidentCodeBlockTest {

    static final UUID ID = UUID.fromString("0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4");
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final ResidentCode FIRST = ResidentCode.fromSerial(1_000_000_000L);
    static final ResidentCode SECOND = ResidentCode.fromSerial(1_000_000_001L);

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
    void aBlockHoldsOneToOneHundredThousandDistinctCodesAndCannotBeChangedAfterwards() {
        List<ResidentCode> codes = new ArrayList<>(List.of(FIRST, SECOND));
        ResidentCodeBlock block = new ResidentCodeBlock(ID, CHIYODA, codes);
        codes.clear();
        assertThat(block.codes()).containsExactly(FIRST, SECOND);
        assertThat(block.size()).isEqualTo(2);
        assertThat(block.contains(SECOND)).isTrue();
        assertThat(block.contains(ResidentCode.fromSerial(1_000_000_002L))).isFalse();
        assertThatThrownBy(() -> block.codes().add(FIRST)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ResidentCodeBlock(ID, CHIYODA, serials(0, 100_000)).size()).isEqualTo(100_000);

        assertField(() -> new ResidentCodeBlock(null, CHIYODA, List.of(FIRST)), "blockId");
        assertField(() -> new ResidentCodeBlock(ID, null, List.of(FIRST)), "municipality");
        assertField(() -> new ResidentCodeBlock(ID, LocalGovernmentCode.of("130001"), List.of(FIRST)), "municipality");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, null), "codes");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, List.of()), "codes");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, serials(0, 100_001)), "codes");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, Arrays.asList(FIRST, null)), "codes[1]");
        assertField(() -> new ResidentCodeBlock(ID, CHIYODA, List.of(FIRST, SECOND, FIRST)), "codes[2]");
    }

    @Test
    void aBlockOfTheFirstVersionIsANonEmptyRangeOfTenDigitSerialsOfBoundedSize() {
        ResidentCodeBlock block = ResidentCodeBlock.range(ID, CHIYODA, 1_000_000_000L, 1_000_000_009L);
        assertThat(block.codes()).isEqualTo(serials(1_000_000_000L, 10));
        assertThat(ResidentCodeBlock.range(ID, CHIYODA, 9_999_999_999L, 9_999_999_999L).size()).isEqualTo(1);
        assertThat(ResidentCodeBlock.range(ID, CHIYODA, 0, 99_999).size()).isEqualTo(100_000);
        assertField(() -> ResidentCodeBlock.range(ID, CHIYODA, -1, 2), "firstSerial");
        assertField(() -> ResidentCodeBlock.range(ID, CHIYODA, 10_000_000_000L, 10_000_000_000L), "firstSerial");
        assertField(() -> ResidentCodeBlock.range(ID, CHIYODA, 5, 4), "lastSerial");
        assertField(() -> ResidentCodeBlock.range(ID, CHIYODA, 9_999_999_999L, 10_000_000_000L), "lastSerial");
        assertField(() -> ResidentCodeBlock.range(ID, CHIYODA, 0, 100_000), "lastSerial");
    }

    @Test
    void travelsAsJsonWithItsCodesIgnoresUnknownFieldsAndReadsARangeOfTheFirstVersion() {
        ResidentCodeBlock block = new ResidentCodeBlock(ID, CHIYODA, List.of(SECOND, FIRST));
        String json = JukiNetJson.mapper().writeValueAsString(block);
        JsonNode tree = JukiNetJson.mapper().readTree(json);
        assertThat(tree.propertyNames()).containsExactly("blockId", "municipality", "codes");
        assertThat(tree.get("municipality").asString()).isEqualTo("131016");
        assertThat(tree.get("codes").get(0).asString()).isEqualTo(SECOND.value());
        String newer = json.replace("}", ",\"prefecture\":\"pref-13\"}");
        assertThat(JukiNetJson.mapper().readValue(newer, ResidentCodeBlock.class)).isEqualTo(block);

        // an answer of a national server of the first version
        ResidentCodeBlock first = JukiNetJson.mapper().readValue("{\"blockId\":\"" + ID
                + "\",\"municipality\":\"131016\",\"firstSerial\":1000000000,\"lastSerial\":1000000001}",
                ResidentCodeBlock.class);
        assertThat(first).isEqualTo(new ResidentCodeBlock(ID, CHIYODA, List.of(FIRST, SECOND)));
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(
                "{\"blockId\":\"" + ID + "\",\"municipality\":\"131016\"}", ResidentCodeBlock.class))
                .hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("codes"));

        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(ID, CHIYODA, 500);
        String requestJson = JukiNetJson.mapper().writeValueAsString(request)
                .replace("}", ",\"priority\":\"low\"}");
        assertThat(JukiNetJson.mapper().readValue(requestJson, ResidentCodeBlockRequest.class)).isEqualTo(request);
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(
                "{\"requestId\":\"" + ID + "\",\"municipality\":\"131016\"}", ResidentCodeBlockRequest.class))
                .hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("size"));
    }

    @Test
    void printsNoCode() {
        assertThat(new ResidentCodeBlock(ID, CHIYODA, List.of(FIRST, SECOND)).toString())
                .doesNotContain(FIRST.value()).doesNotContain(SECOND.value()).contains("size=2");
    }

    private static List<ResidentCode> serials(long first, int count) {
        return LongStream.range(first, first + count).mapToObj(ResidentCode::fromSerial).toList();
    }

    static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
