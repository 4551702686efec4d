package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameNormalizerTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "ﾔﾏﾀﾞ | ヤマダ",
            "ｳﾞｨｸﾄﾙ | ヴィクトル",
            "やまだ | ヤマダ",
            "'山田　花子' | 山田花子",
            "'山田 花子' | 山田花子",
            "'  山田\t花子 ' | 山田花子",
            "ＡＢＣ | ABC",
            "Smith | SMITH",
            "'ｊｏｈｎ　ｓｍｉｔｈ' | JOHNSMITH",
            "１２３ | 123",
            "ゝゞ | ヽヾ",
            "ヤマダ | ヤマダ",
            "髙橋 | 髙橋",
            "𠮷田 | 𠮷田"})
    void normalizesForMatching(String input, String expected) {
        assertThat(NameNormalizer.normalize(input)).isEqualTo(expected);
    }

    @Test
    void keepsIdeographVariantsApart() {
        // 髙 (U+9AD9) and 高 (U+9AD8) are different characters in the register.
        assertThat(NameNormalizer.sameAfterNormalization("髙橋", "高橋")).isFalse();
        // A variation selector (IVS) is kept, so 葛󠄀 and 葛 stay distinct.
        assertThat(NameNormalizer.sameAfterNormalization("葛\uDB40\uDD00城", "葛城")).isFalse();
    }

    @Test
    void matchesSpellingsThatDifferOnlyInWidthSpacingScriptOrCase() {
        assertThat(NameNormalizer.sameAfterNormalization("ﾔﾏﾀﾞ ﾊﾅｺ", "やまだ　はなこ")).isTrue();
        assertThat(NameNormalizer.sameAfterNormalization("ｊｏｈｎ", "JOHN")).isTrue();
        assertThat(NameNormalizer.sameAfterNormalization("ヤマダ", "ヤマタ")).isFalse();
    }

    @Test
    void normalisesOnceAndForAll() {
        // ゛ (U+309B) is a space and a combining voiced mark under NFKC: with the space gone the mark
        // composes with the ヽ before it. Found by IdentityFuzzTest.nameNormalizer.
        assertThat(NameNormalizer.normalize("ゝ゛")).isEqualTo("ヾ");
        assertThat(NameNormalizer.sameAfterNormalization("ゝ゛", "ゞ")).isTrue();
        assertThat(NameNormalizer.normalize(NameNormalizer.normalize("ﾊ ﾞ"))).isEqualTo(NameNormalizer.normalize("ﾊ ﾞ"));
    }

    @Test
    void whitespaceOnlyTextBecomesEmpty() {
        assertThat(NameNormalizer.normalize("\u3000 \u00A0\t")).isEmpty();
    }
}
