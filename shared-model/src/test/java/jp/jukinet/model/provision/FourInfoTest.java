package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.Sex;

class FourInfoTest {

    private static final LocalDate BORN = LocalDate.of(1990, 4, 1);

    @Test
    void needsNameDateOfBirthAndAddressOrSex() {
        assertThat(new FourInfo("山田 花子", BORN, "東京都千代田区千代田1番1号", null).normalizedAddress())
                .isEqualTo("東京都千代田区千代田1番1号");
        assertThat(new FourInfo("山田 花子", BORN, null, Sex.FEMALE).normalizedAddress()).isNull();
        assertThat(new FourInfo("山田 花子", BORN, "東京都千代田区千代田1番1号", Sex.FEMALE).sex()).isEqualTo(Sex.FEMALE);

        assertRefused(() -> new FourInfo("山田 花子", BORN, null, null), "address");
        assertRefused(() -> new FourInfo(null, BORN, null, Sex.MALE), "name");
        assertRefused(() -> new FourInfo("　 ", BORN, null, Sex.MALE), "name");
        assertRefused(() -> new FourInfo("山田\u0000花子", BORN, null, Sex.MALE), "name");
        assertRefused(() -> new FourInfo("山".repeat(202), BORN, null, Sex.MALE), "name");
        assertRefused(() -> new FourInfo("山田 花子", null, null, Sex.MALE), "dateOfBirth");
        assertRefused(() -> new FourInfo("山田 花子", BORN, " ", Sex.MALE), "address");
    }

    @Test
    void comparesNamesAsTheRegisterNormalisesThem() {
        assertThat(new FourInfo("ｽﾐｽ　john", BORN, null, Sex.MALE).normalizedName()).isEqualTo("スミスJOHN");
        assertThat(new FourInfo("やまだ はなこ", BORN, null, Sex.MALE).normalizedName()).isEqualTo("ヤマダハナコ");
    }

    @Test
    void withholdsEverythingInToString() {
        assertThat(new FourInfo("山田 花子", BORN, "東京都", Sex.FEMALE).toString())
                .doesNotContain("山田").doesNotContain("1990").doesNotContain("東京").doesNotContain("FEMALE");
    }

    private static void assertRefused(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
    }
}
