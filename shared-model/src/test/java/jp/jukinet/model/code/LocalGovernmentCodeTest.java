package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class LocalGovernmentCodeTest {

    /* Real municipalities; e.g. 13101 → 1·6+3·5+1·4+0·3+1·2 = 27, 27 mod 11 = 5, 11−5 = 6. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "131016, 千代田区, 東京都",
            "131130, 渋谷区, 東京都",
            "141003, 横浜市, 神奈川県",
            "271004, 大阪市, 大阪府",
            "272035, 豊中市, 大阪府",
            "011002, 札幌市, 北海道",
            "130001, 東京都, 東京都",
            "472018, 那覇市, 沖縄県"})
    void acceptsRealCodes(String value, String municipality, String prefecture) {
        LocalGovernmentCode code = LocalGovernmentCode.of(value);
        assertThat(code.value()).isEqualTo(value);
        assertThat(code.prefecture().japaneseName()).isEqualTo(prefecture);
    }

    @Test
    void exposesItsParts() {
        LocalGovernmentCode chiyoda = LocalGovernmentCode.of("131016");
        assertThat(chiyoda.prefecture()).isEqualTo(PrefectureCode.of(13));
        assertThat(chiyoda.municipalityPart()).isEqualTo("101");
        assertThat(LocalGovernmentCode.of(PrefectureCode.of(13), 101)).isEqualTo(chiyoda);
        assertThat(LocalGovernmentCode.of(PrefectureCode.of(1), 100)).isEqualTo(LocalGovernmentCode.of("011002"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "13101", "1310160", "13101a", "１３１０１６", "131017", "131010",
            "001007", "481009", "991001"})
    void refusesMalformedCodesNamingTheField(String value) {
        assertThatThrownBy(() -> LocalGovernmentCode.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("localGovernmentCode"));
    }

    @Test
    void refusesAnUnknownPrefectureEvenWithACorrectCheckDigit() {
        // 48100: 4·6+8·5+1·4 = 68, 68 mod 11 = 2, 11−2 = 9 → 481009 has a correct check digit.
        assertThatThrownBy(() -> LocalGovernmentCode.of("481009")).hasMessageContaining("prefecture code 01-47");
    }

    @Test
    void refusesMunicipalityPartOutOfRange() {
        assertThatThrownBy(() -> LocalGovernmentCode.of(PrefectureCode.of(13), 1000))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void randomCodesAreValidAndCoverPrefectures() {
        SplittableRandom random = new SplittableRandom(3);
        Set<PrefectureCode> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            LocalGovernmentCode code = LocalGovernmentCode.random(random);
            assertThat(LocalGovernmentCode.of(code.value())).isEqualTo(code);
            seen.add(code.prefecture());
        }
        assertThat(seen).hasSize(47);
    }
}
