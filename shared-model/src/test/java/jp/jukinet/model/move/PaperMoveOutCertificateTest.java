package jp.jukinet.model.move;

import static jp.jukinet.model.move.MoveMessagesTest.AT_CHIYODA;
import static jp.jukinet.model.move.MoveMessagesTest.CHIYODA;
import static jp.jukinet.model.move.MoveMessagesTest.DAY;
import static jp.jukinet.model.move.MoveMessagesTest.MOVE;
import static jp.jukinet.model.move.MoveMessagesTest.OSAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.json.JsonMapper;

class PaperMoveOutCertificateTest {

    final JsonMapper json = JukiNetJson.mapper();

    static PaperMoveOutCertificate paper() {
        return new PaperMoveOutCertificate(MOVE, CHIYODA, OSAKA, AT_CHIYODA.residentCode(), AT_CHIYODA.myNumber(),
                AT_CHIYODA.name(), AT_CHIYODA.dateOfBirth(), AT_CHIYODA.sex(), AT_CHIYODA.address(), DAY.plusDays(5), DAY,
                new Address("大阪府大阪市北区中之島1丁目3番20号"), DAY);
    }

    @Test
    void thePaperTravelsAsJsonAndAReaderIgnoresItemsItDoesNotKnow() {
        String text = json.writeValueAsString(paper());
        assertThat(json.readValue(text, PaperMoveOutCertificate.class)).isEqualTo(paper());
        String newer = text.replaceFirst("\\{", "{\"household\":{\"head\":\"山田 太郎\"},");
        assertThat(json.readValue(newer, PaperMoveOutCertificate.class)).isEqualTo(paper());
        assertThat(paper().toString()).doesNotContain(AT_CHIYODA.myNumber().value()).doesNotContain("山田");
    }

    @Test
    void everyItemIsRequiredAndRefusalsNameIt() {
        String text = json.writeValueAsString(paper());
        assertThatThrownBy(() -> json.readValue(text.replace("\"plannedDate\"", "\"x\""), PaperMoveOutCertificate.class))
                .hasStackTraceContaining("plannedDate is required");
        assertThatThrownBy(() -> new PaperMoveOutCertificate(MOVE, CHIYODA, CHIYODA, AT_CHIYODA.residentCode(),
                AT_CHIYODA.myNumber(), AT_CHIYODA.name(), AT_CHIYODA.dateOfBirth(), AT_CHIYODA.sex(), AT_CHIYODA.address(),
                DAY, DAY, AT_CHIYODA.address(), DAY)).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("destination"));
        assertThatThrownBy(() -> new MoveOutVerification(AT_CHIYODA.residentCode(), null, CHIYODA))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("myNumber"));
    }

    @Test
    void jLisAnswersWithTheRemovalWhichNamesTheDestination() {
        MoveOutVerification.Answer answer = new MoveOutVerification.Answer(
                AT_CHIYODA.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY.plusDays(5), DAY)));
        MoveOutVerification.Answer read = json.readValue(json.writeValueAsString(answer), MoveOutVerification.Answer.class);
        assertThat(read).isEqualTo(answer);
        assertThat(read.removal().movedTo()).isEqualTo(OSAKA);
        assertThat(read.toString()).doesNotContain(AT_CHIYODA.myNumber().value());
    }
}
