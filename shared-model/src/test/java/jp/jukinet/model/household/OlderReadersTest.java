package jp.jukinet.model.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.copy.RecordCopy;
import jp.jukinet.model.copy.RecordCopyAnswer;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.move.DvProtection;
import jp.jukinet.model.move.MoveOutCertificate;

/**
 * The household item (issue #13) is an optional addition to two contracts: a reader of each as it
 * was before — a copy of the old record shape, read with the project's mapper — accepts the new JSON
 * and reads everything it knew, and the new reader reads the item and, without it, the old JSON.
 */
class OlderReadersTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final PersonName HANAKO = PersonName.of("山田", "花子", "ヤマダ", "ハナコ");
    static final PersonName TARO = PersonName.of("山田", "太郎", "ヤマダ", "タロウ");
    static final HouseholdItem CHILD_OF_TARO = HouseholdItem.of(TARO, "子");

    /** RecordCopy as it was before issue #13. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordCopyBefore13(LocalGovernmentCode holder, PersonName name, LocalDate dateOfBirth, Sex sex,
                              Address address, LocalDate residentSince, LocalDate addressSince,
                              ChangeInformation lastChange, ResidentCode residentCode, MyNumber myNumber,
                              List<RecordCopy.HistoryItem> history, RecordCopy.PlannedMoveOut plannedMoveOut) {
    }

    /** RecordCopyAnswer as it was before issue #13 (with the copy it knew). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordCopyAnswerBefore13(UUID requestId, RecordCopyAnswer.Outcome outcome, RecordCopyBefore13 copy) {
    }

    /** MoveOutCertificate as it was before issue #13. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MoveOutCertificateBefore13(UUID moveId, LocalGovernmentCode origin, LocalGovernmentCode destination,
                                      IdentityInformation identity, LocalDate plannedDate, LocalDate notifiedDate,
                                      Address newAddress, boolean cardBased, DvProtection dvProtection) {
    }

    @Test
    void anOlderReaderOfTheRecordCopyAnswerAcceptsTheHouseholdItem() {
        RecordCopy copy = new RecordCopy(CHIYODA, HANAKO, DAY, Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), DAY, DAY,
                new ChangeInformation(ChangeReason.BIRTH, DAY, DAY), null, null, null, null, CHILD_OF_TARO);
        String json = JukiNetJson.mapper().writeValueAsString(RecordCopyAnswer.issued(UUID.randomUUID(), copy));
        assertThat(json).contains("\"household\":{\"version\":1,\"head\":{").contains("\"relationship\":\"子\"");

        RecordCopyAnswerBefore13 old = JukiNetJson.mapper().readValue(json, RecordCopyAnswerBefore13.class);

        assertThat(old.outcome()).isEqualTo(RecordCopyAnswer.Outcome.ISSUED);
        assertThat(old.copy().name()).isEqualTo(HANAKO);
        assertThat(old.copy().address()).isEqualTo(copy.address());
        assertThat(JukiNetJson.mapper().readValue(json, RecordCopyAnswer.class).copy()).isEqualTo(copy);
    }

    @Test
    void theNewReaderReadsACopyWithoutTheItem() {
        RecordCopyBefore13 old = new RecordCopyBefore13(CHIYODA, HANAKO, DAY, Sex.FEMALE, new Address("東京都千代田区千代田1番1号"),
                DAY, DAY, new ChangeInformation(ChangeReason.BIRTH, DAY, DAY), null, null, null, null);
        RecordCopy read = JukiNetJson.mapper().readValue(JukiNetJson.mapper().writeValueAsString(old), RecordCopy.class);
        assertThat(read.household()).isNull();
        assertThat(read.name()).isEqualTo(HANAKO);
    }

    @Test
    void anOlderReaderOfTheMoveOutCertificateAcceptsTheHouseholdItem() {
        IdentityInformation identity = new IdentityInformation(ResidentCode.of("12345678903"), MyNumber.of("123456789018"),
                HANAKO, LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), CHIYODA,
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 4, 1), LocalDate.of(1990, 4, 1)));
        MoveOutCertificate certificate = new MoveOutCertificate(UUID.randomUUID(), CHIYODA, OSAKA, identity, DAY, DAY,
                new Address("大阪府大阪市北区中之島1丁目3番20号"), false, null, CHILD_OF_TARO);
        String json = JukiNetJson.mapper().writeValueAsString(certificate);
        assertThat(json).contains("\"household\"").contains("\"type\":\"MOVE_OUT_CERTIFICATE\"");

        MoveOutCertificateBefore13 old = JukiNetJson.mapper().readValue(json, MoveOutCertificateBefore13.class);

        assertThat(old.identity()).isEqualTo(identity);
        assertThat(old.newAddress()).isEqualTo(certificate.newAddress());
        assertThat(JukiNetJson.mapper().readValue(json, MoveOutCertificate.class).household()).isEqualTo(CHILD_OF_TARO);
    }

    @Test
    void aLaterVersionOfTheItemIsReadAndABrokenOneNamesItsField() {
        String later = "{\"version\":2,\"head\":{\"family\":\"山田\",\"given\":\"太郎\",\"familyKana\":\"ヤマダ\","
                + "\"givenKana\":\"タロウ\"},\"relationship\":\"子\",\"since\":\"2026-11-20\"}";
        assertThat(JukiNetJson.mapper().readValue(later, HouseholdItem.class).version()).isEqualTo(2);
        assertThatThrownBy(() -> HouseholdItem.of(TARO, " "))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("household.relationship");
        assertThatThrownBy(() -> new HouseholdItem(0, TARO, "子"))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("household.version");
        assertThat(CHILD_OF_TARO.toString()).doesNotContain("山田").doesNotContain("子");
    }
}
