package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;
import jp.jukinet.model.InvalidValueException;

/**
 * Identity information and its text as they arrive from outside: the whole record in JSON (inside
 * notices and move certificates), a name built from arbitrary parts (what a clerk types), an
 * address, and the normalisation under which names are matched. What is accepted keeps the text
 * rules of {@link TextRules} — checked here from the outside — and round-trips; what is refused
 * names the field it breaks.
 *
 * <p>The dictionary holds text NFKC changes in length or kind (half-width and squared katakana,
 * parenthesised and ligature forms), invisible characters and a supplementary ideograph.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/identity/IdentityFuzzTestInputs/<method>/}.
 */
class IdentityFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void identityInformation(byte[] input) {
        FuzzContract.parse(input, IdentityInformation.class).ifPresent(identity -> {
            assertThat(identity.dateOfBirth()).isBeforeOrEqualTo(identity.change().notifiedDate());
            assertThat(identity.residence()).isNotNegative();
            if (identity.change().reason().removesResident()) {
                assertThat(identity.status()).isEqualTo(ResidentStatus.REMOVED);
            }
            keepsTheTextRules(identity.name());
            keepsTheTextRules(identity.address().text(), Address.MAX_LENGTH);
        });
    }

    /**
     * A name from arbitrary parts, as the constructor gets them from a clerk's JSON: the input's
     * lines are family, given, family reading, given reading, then former surname and alias when
     * present (a line break is a control character, refused in every part anyway).
     */
    @DictionaryEntries({"ｶﾞ", "ﾟ", "㌀", "㍿", "㈈", "ﷺ", "ゝ", "ヽ", "・", "ー", "\u200b", "\u202e", "\ufe00", "\ud842\udfb7",
            "\u3000", "Ａ", "ß"})
    @FuzzTest(maxDuration = "60s")
    void personName(byte[] input) {
        String[] parts = FuzzContract.text(input).split("\n", 6);
        String family = part(parts, 0);
        String given = part(parts, 1);
        String familyKana = part(parts, 2);
        String givenKana = part(parts, 3);
        String formerSurname = part(parts, 4);
        String alias = part(parts, 5);
        Optional<PersonName> name;
        try {
            name = Optional.of(new PersonName(family, given, familyKana, givenKana, formerSurname, alias));
        } catch (InvalidValueException e) {
            assertThat(e.field()).startsWith("name.");
            FuzzContract.assertRefusal(e, String.join("\n", family, given, familyKana, givenKana,
                    String.valueOf(formerSurname), String.valueOf(alias)));
            name = Optional.empty();
        }
        name.ifPresent(accepted -> {
            keepsTheTextRules(accepted);
            // the reading is kept in its NFKC form; the other parts as written
            assertThat(accepted.family()).isEqualTo(family);
            assertThat(accepted.given()).isEqualTo(given);
            FuzzContract.assertRoundTrip(accepted, PersonName.class);
            PersonName.Normalized normalized = accepted.normalized();
            assertThat(normalized.family()).isEqualTo(NameNormalizer.normalize(family)).isNotEmpty();
            assertThat(NameNormalizer.normalize(normalized.givenKana())).isEqualTo(normalized.givenKana());
        });
    }

    @FuzzTest(maxDuration = "60s")
    void personNameJson(byte[] input) {
        FuzzContract.parse(input, PersonName.class).ifPresent(IdentityFuzzTest::keepsTheTextRules);
    }

    @FuzzTest(maxDuration = "60s")
    void address(byte[] input) {
        FuzzContract.parse(input, Address.class)
                .ifPresent(address -> keepsTheTextRules(address.text(), Address.MAX_LENGTH));
        String text = FuzzContract.text(input);
        try {
            keepsTheTextRules(new Address(text).text(), Address.MAX_LENGTH);
        } catch (InvalidValueException e) {
            assertThat(e.field()).isEqualTo("address.text");
            FuzzContract.assertRefusal(e, text);
        }
    }

    /** Any text normalises without failing, to text without spaces or hiragana, and only once. */
    @FuzzTest(maxDuration = "60s")
    void nameNormalizer(byte[] input) {
        String text = FuzzContract.text(input);
        String normalized = NameNormalizer.normalize(text);
        assertThat(normalized.codePoints()).noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || (cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E);
        assertThat(NameNormalizer.normalize(normalized)).as("normalising twice changes nothing more").isEqualTo(normalized);
        assertThat(NameNormalizer.sameAfterNormalization(text, normalized)).isTrue();
    }

    private static String part(String[] parts, int index) {
        return index < parts.length ? parts[index] : null;
    }

    private static void keepsTheTextRules(PersonName name) {
        keepsTheTextRules(name.family(), PersonName.MAX_LENGTH);
        keepsTheTextRules(name.given(), PersonName.MAX_LENGTH);
        keepsTheTextRules(name.familyKana(), PersonName.MAX_LENGTH);
        keepsTheTextRules(name.givenKana(), PersonName.MAX_LENGTH);
        assertThat(name.familyKana().codePoints()).allMatch(cp -> cp >= 0x30A1 && cp <= 0x30FE);
        assertThat(name.givenKana().codePoints()).allMatch(cp -> cp >= 0x30A1 && cp <= 0x30FE);
        if (name.formerSurname() != null) {
            keepsTheTextRules(name.formerSurname(), PersonName.MAX_LENGTH);
        }
        if (name.alias() != null) {
            keepsTheTextRules(name.alias(), PersonName.MAX_LENGTH);
        }
        assertThat(name.formerSurname() == null || name.alias() == null).isTrue();
    }

    /** Well-formed, not blank, not too long, no control or invisible format characters. */
    private static void keepsTheTextRules(String text, int maxCodePoints) {
        assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(maxCodePoints);
        assertThat(NameNormalizer.normalize(text)).isNotEmpty();
        assertThat(text.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE
                || Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR);
    }
}
