package jp.jukinet.model.fuhyo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.model.move.MoveMessage;

class FuhyoNoticeTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final PermanentDomicile IN_OSAKA = new PermanentDomicile(OSAKA, "大阪府大阪市北区中之島一丁目3番", "山田 太郎");

    static FuhyoNotice notice(PermanentDomicile domicile) {
        return new FuhyoNotice(UUID.randomUUID(), CHIYODA, domicile, ResidentCode.of("12345678903"),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 4, 1), Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), LocalDate.of(2026, 11, 20), FuhyoNotice.Event.MOVE_IN);
    }

    @Test
    void travelsAsAKindOfTheCsToCsStreamFromTheResidenceToTheDomicile() {
        FuhyoNotice notice = notice(IN_OSAKA);
        String json = JukiNetJson.mapper().writeValueAsString(notice);
        assertThat(json).contains("\"type\":\"FUHYO_NOTICE\"").doesNotContain("\"moveId\"").doesNotContain("\"origin\"");
        MoveMessage read = JukiNetJson.mapper().readValue(json, MoveMessage.class);
        assertThat(read).isEqualTo(notice);
        assertThat(read.sender()).isEqualTo(CHIYODA);
        assertThat(read.recipient()).isEqualTo(OSAKA);
        assertThat(read.moveId()).isEqualTo(notice.noticeId());
    }

    @Test
    void aDomicileInTheResidenceIsNotSentAndRefusalsNameTheField() {
        assertThatThrownBy(() -> notice(new PermanentDomicile(CHIYODA, "東京都千代田区千代田一番", null)))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("domicile.municipality");
        assertThatThrownBy(() -> new PermanentDomicile(LocalGovernmentCode.of("270008"), "大阪府", null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("domicile.municipality");
        assertThatThrownBy(() -> new PermanentDomicile(OSAKA, " ", null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("domicile.text");
        assertThatThrownBy(() -> new PermanentDomicile(OSAKA, "大阪府大阪市北区", "\u202e"))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("domicile.head");
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue("{\"type\":\"FUHYO_NOTICE\",\"noticeId\":\""
                + UUID.randomUUID() + "\",\"residence\":\"131016\"}", MoveMessage.class))
                .rootCause().isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("domicile");
    }

    @Test
    void showsNoPersonalDataNorTheDomicile() {
        assertThat(notice(IN_OSAKA).toString()).doesNotContain("山田").doesNotContain("中之島").doesNotContain("12345678903");
        assertThat(IN_OSAKA.toString()).doesNotContain("中之島").doesNotContain("太郎");
    }
}
