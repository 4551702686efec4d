package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jp.jukinet.model.InvalidValueException;

class PersonNameTest {

    @Test
    void acceptsAJapaneseName() {
        PersonName name = PersonName.of("山田", "花子", "ヤマダ", "ハナコ");
        assertThat(name.fullName()).isEqualTo("山田 花子");
        assertThat(name.fullNameKana()).isEqualTo("ヤマダ ハナコ");
        assertThat(name.formerSurname()).isNull();
        assertThat(name.alias()).isNull();
    }

    @Test
    void acceptsAForeignResidentWithAliasAndMiddleDot() {
        PersonName name = new PersonName("SMITH", "JOHN PAUL", "スミス", "ジョン・ポール", null, "山田太郎");
        assertThat(name.alias()).isEqualTo("山田太郎");
        assertThat(name.givenKana()).isEqualTo("ジョン・ポール");
    }

    @Test
    void acceptsFormerSurnameAndCharactersOutsideTheBasicPlane() {
        PersonName name = new PersonName("𠮷田", "一", "ヨシダ", "ハジメ", "髙橋", null);
        assertThat(name.family()).isEqualTo("𠮷田");
        assertThat(name.formerSurname()).isEqualTo("髙橋");
    }

    @Test
    void storesHalfWidthKanaInFullWidth() {
        PersonName name = PersonName.of("山田", "花子", "ﾔﾏﾀﾞ", "ﾊﾅｺ");
        assertThat(name.familyKana()).isEqualTo("ヤマダ");
        assertThat(name.givenKana()).isEqualTo("ハナコ");
    }

    @Test
    void acceptsExactly100CodePointsCountingSupplementaryCharactersOnce() {
        String hundred = "𠮷".repeat(100);
        assertThat(hundred.length()).isEqualTo(200);
        assertThat(PersonName.of(hundred, "花子", "ヤ", "ハ").family()).isEqualTo(hundred);
        assertThat(PersonName.of("山田", "花子", "ア".repeat(100), "ハ").familyKana()).hasSize(100);
    }

    @Test
    void normalizedGivesTheMatchingForm() {
        PersonName written = PersonName.of("山田", "はなこ", "ﾔﾏﾀﾞ", "ハナコ");
        PersonName typed = PersonName.of("山田", "ハナコ", "ヤマダ", "ハナコ");
        assertThat(written).isNotEqualTo(typed);
        assertThat(written.normalized()).isEqualTo(typed.normalized());
        assertThat(new PersonName("ｓｍｉｔｈ", "John Paul", "スミス", "ジョン", null, "ｙａｍａｄａ").normalized())
                .isEqualTo(new PersonName.Normalized("SMITH", "JOHNPAUL", "スミス", "ジョン", null, "YAMADA"));
    }

    @Test
    void aReadingIsHeldToTheLimitInTheFormItIsKept() {
        // ㌀ (U+3300) is kept as アパート: 30 of them are 120 code points, which the JSON of the record
        // could not be read back from
        assertRefused(() -> PersonName.of("山田", "花子", "㌀".repeat(30), "ハナコ"), "name.familyKana", "longer than 100");
        assertThat(PersonName.of("山田", "花子", "㌀".repeat(25), "ハナコ").familyKana()).isEqualTo("アパート".repeat(25));
    }

    @Test
    void normalizedMayBeLongerThanANameAndIsStillGiven() {
        // NFKC writes ㈈ (U+3208) as the three code points ( U+110C ): found by IdentityFuzzTest.personName
        PersonName written = new PersonName("山田", "花子", "ヤマダ", "ハナコ", "㈈".repeat(100), null);
        assertThat(written.normalized().formerSurname()).isEqualTo("(\u110C)".repeat(100));
    }

    @Test
    void refusesMissingParts() {
        assertRefused(() -> PersonName.of(null, "花子", "ヤマダ", "ハナコ"), "name.family", "required");
        assertRefused(() -> PersonName.of("山田", null, "ヤマダ", "ハナコ"), "name.given", "required");
        assertRefused(() -> PersonName.of("山田", "花子", null, "ハナコ"), "name.familyKana", "required");
        assertRefused(() -> PersonName.of("山田", "花子", "ヤマダ", null), "name.givenKana", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\u3000", "\u00A0"})
    void refusesBlankText(String blank) {
        assertRefused(() -> PersonName.of(blank, "花子", "ヤマダ", "ハナコ"), "name.family", "blank");
        assertRefused(() -> new PersonName("山田", "花子", "ヤマダ", "ハナコ", blank, null), "name.formerSurname", "blank");
        assertRefused(() -> new PersonName("山田", "花子", "ヤマダ", "ハナコ", null, blank), "name.alias", "blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"山\n田", "山\u0000田", "山\u007F田", "山\u200B田", "山\u202E田", "山\u2028田", "\uFEFF山田"})
    void refusesControlAndInvisibleFormatCharacters(String text) {
        assertRefused(() -> PersonName.of("山田", text, "ヤマダ", "ハナコ"), "name.given", "control");
    }

    @Test
    void refusesMalformedUnicode() {
        assertRefused(() -> PersonName.of("山\uD842", "花子", "ヤマダ", "ハナコ"), "name.family", "well-formed");
        assertRefused(() -> PersonName.of("\uDFB7田", "花子", "ヤマダ", "ハナコ"), "name.family", "well-formed");
    }

    @Test
    void refusesTooLongText() {
        assertRefused(() -> PersonName.of("山".repeat(101), "花子", "ヤマダ", "ハナコ"), "name.family", "longer than 100");
        assertRefused(() -> PersonName.of("山田", "花子", "ア".repeat(101), "ハナコ"), "name.familyKana", "longer than 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"やまだ", "山田", "YAMADA", "ヤマ ダ", "ヤマ　ダ", "ヤマダ1", "ヤマダ゛"})
    void refusesKanaThatIsNotFullWidthKatakana(String kana) {
        assertRefused(() -> PersonName.of("山田", "花子", kana, "ハナコ"), "name.familyKana", "katakana");
        assertRefused(() -> PersonName.of("山田", "花子", "ヤマダ", kana), "name.givenKana", "katakana");
    }

    @Test
    void refusesFormerSurnameTogetherWithAlias() {
        assertRefused(() -> new PersonName("山田", "花子", "ヤマダ", "ハナコ", "鈴木", "SUZUKI"), "name.alias", "not both");
    }

    @Test
    void refusalsDoNotEchoTheName() {
        assertThatThrownBy(() -> PersonName.of("山田", "花子", "やまだ", "ハナコ")).hasMessageNotContaining("やまだ");
    }

    private static void assertRefused(Runnable construction, String field, String messagePart) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(messagePart);
                });
    }
}
