package jp.jukinet.model.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.PrefectureCode;

class NodeIdTest {

    @Test
    void namesTheThreeKindsOfNode() {
        NodeId chiyoda = NodeId.cs(LocalGovernmentCode.of("131016"));
        assertThat(chiyoda.value()).isEqualTo("cs-131016");
        assertThat(chiyoda.tier()).isEqualTo(Tier.MUNICIPAL);
        assertThat(chiyoda.municipalityCode()).contains(LocalGovernmentCode.of("131016"));
        assertThat(chiyoda.prefectureCode()).contains(PrefectureCode.of(13));

        NodeId tokyo = NodeId.prefecture(PrefectureCode.of(13));
        assertThat(tokyo.value()).isEqualTo("pref-13");
        assertThat(tokyo.tier()).isEqualTo(Tier.PREFECTURAL);
        assertThat(tokyo.municipalityCode()).isEmpty();
        assertThat(tokyo.prefectureCode()).contains(PrefectureCode.of(13));

        NodeId national = NodeId.national();
        assertThat(national.value()).isEqualTo("national");
        assertThat(national.tier()).isEqualTo(Tier.NATIONAL);
        assertThat(national.prefectureCode()).isEmpty();
    }

    @Test
    void parsesWhatItWrites() {
        assertThat(NodeId.of("cs-271004")).isEqualTo(NodeId.cs(LocalGovernmentCode.of("271004")));
        assertThat(NodeId.of("pref-01")).isEqualTo(NodeId.prefecture(PrefectureCode.of(1)));
        assertThat(NodeId.of("national")).isEqualTo(NodeId.national());
    }

    @Test
    void knowsTheNextNodeUpTheNoticeChain() {
        assertThat(NodeId.of("cs-131016").upstream()).contains(NodeId.of("pref-13"));
        assertThat(NodeId.of("pref-13").upstream()).contains(NodeId.national());
        assertThat(NodeId.national().upstream()).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "cs-131017", "cs-13101", "cs-", "pref-48", "pref-1", "pref-", "National",
            "nationals", "CS-131016", "cs131016", "pref-１３", "jlis"})
    void refusesAnythingElseAsNodeId(String value) {
        assertThatThrownBy(() -> NodeId.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("nodeId"));
    }
}
