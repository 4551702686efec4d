package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class ChangeReasonTest {

    @Test
    void exactlyMovesOutDeathAndExOfficioRemovalRemoveTheResident() {
        assertThat(EnumSet.allOf(ChangeReason.class).stream().filter(ChangeReason::removesResident))
                .containsExactlyInAnyOrder(ChangeReason.MOVE_OUT, ChangeReason.MOVE_OUT_ABROAD, ChangeReason.DEATH,
                        ChangeReason.EX_OFFICIO_REMOVAL);
    }

    @Test
    void carriesTheJapaneseLabels() {
        assertThat(ChangeReason.BIRTH.japaneseLabel()).isEqualTo("出生");
        assertThat(ChangeReason.MOVE_IN_FROM_ABROAD.japaneseLabel()).isEqualTo("国外からの転入");
        assertThat(ChangeReason.MOVE_WITHIN.japaneseLabel()).isEqualTo("転居");
        assertThat(ChangeReason.EX_OFFICIO_REMOVAL.japaneseLabel()).isEqualTo("職権消除");
        assertThat(ChangeReason.MY_NUMBER_CHANGE.japaneseLabel()).isEqualTo("個人番号の変更");
        assertThat(Arrays.stream(ChangeReason.values()).map(ChangeReason::japaneseLabel).distinct())
                .hasSize(ChangeReason.values().length);
        assertThat(Sex.FEMALE.japaneseLabel()).isEqualTo("女");
        assertThat(Sex.MALE.japaneseLabel()).isEqualTo("男");
    }
}
