package jp.jukinet.model.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class PrefectureCodeTest {

    @ParameterizedTest
    @CsvSource({"01, 北海道", "02, 青森県", "13, 東京都", "14, 神奈川県", "26, 京都府", "27, 大阪府",
            "30, 和歌山県", "46, 鹿児島県", "47, 沖縄県"})
    void namesPrefecturesInJapanese(String code, String name) {
        assertThat(PrefectureCode.of(code).japaneseName()).isEqualTo(name);
        assertThat(PrefectureCode.of(Integer.parseInt(code))).isEqualTo(PrefectureCode.of(code));
    }

    @Test
    void listsAll47InOrderWithDistinctNames() {
        assertThat(PrefectureCode.all()).hasSize(47).isSorted();
        assertThat(PrefectureCode.all().stream().map(PrefectureCode::japaneseName).distinct()).hasSize(47);
        assertThat(PrefectureCode.all().stream().map(PrefectureCode::japaneseName))
                .allMatch(name -> name.equals("北海道") || name.endsWith("県") || name.endsWith("府")
                        || name.equals("東京都"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1", "013", "00", "48", "99", "１３", "1a"})
    void refusesMalformedCodes(String value) {
        assertThatThrownBy(() -> PrefectureCode.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("prefectureCode"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 48, -13})
    void refusesNumbersOutOfRange(int number) {
        assertThatThrownBy(() -> PrefectureCode.of(number)).isInstanceOf(InvalidValueException.class);
    }
}
