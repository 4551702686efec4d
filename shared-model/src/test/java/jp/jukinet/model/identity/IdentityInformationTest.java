package jp.jukinet.model.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

class IdentityInformationTest {

    static final ResidentCode CODE = ResidentCode.of("12345678903");
    static final MyNumber NUMBER = MyNumber.of("123456789018");
    static final PersonName NAME = PersonName.of("山田", "花子", "ヤマダ", "ハナコ");
    static final LocalDate BORN = LocalDate.of(2026, 11, 20);
    static final Address ADDRESS = new Address("東京都千代田区千代田1番1号");
    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final ChangeInformation BIRTH = new ChangeInformation(ChangeReason.BIRTH, BORN, BORN);

    static IdentityInformation identity(ResidentStatus status, ChangeInformation change) {
        return new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA, status, change);
    }

    @Test
    void holdsABirthRegistration() {
        IdentityInformation identity = identity(ResidentStatus.ACTIVE, BIRTH);
        assertThat(identity.active()).isTrue();
        assertThat(identity.change().reason()).isEqualTo(ChangeReason.BIRTH);
    }

    @Test
    void toStringWithholdsPersonalData() {
        String text = identity(ResidentStatus.ACTIVE, BIRTH).toString();
        assertThat(text).contains("12345678903", "131016", "ACTIVE", "BIRTH")
                .doesNotContain("123456789018", "山田", "花子", "ヤマダ", "千代田1番1号", "FEMALE");
    }

    @Test
    void refusesEachMissingComponentByName() {
        assertField(() -> new IdentityInformation(null, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "residentCode");
        assertField(() -> new IdentityInformation(CODE, null, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "myNumber");
        assertField(() -> new IdentityInformation(CODE, NUMBER, null, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "name");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, null, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "dateOfBirth");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, null, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "sex");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, null, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH), "address");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, null,
                ResidentStatus.ACTIVE, BIRTH), "municipality");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                null, BIRTH), "status");
        assertField(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, null), "change");
    }

    @Test
    void refusesMissingChangeInformationParts() {
        assertField(() -> new ChangeInformation(null, BORN, BORN), "change.reason");
        assertField(() -> new ChangeInformation(ChangeReason.BIRTH, null, BORN), "change.effectiveDate");
        assertField(() -> new ChangeInformation(ChangeReason.BIRTH, BORN, null), "change.notifiedDate");
    }

    @Test
    void refusesABirthDateAfterTheNotification() {
        ChangeInformation notifiedTheDayBefore = new ChangeInformation(ChangeReason.BIRTH, BORN, BORN.minusDays(1));
        assertField(() -> identity(ResidentStatus.ACTIVE, notifiedTheDayBefore), "dateOfBirth");
    }

    @Test
    void acceptsAMoveOutNotifiedBeforeItTakesEffect() {
        ChangeInformation moveOut = new ChangeInformation(ChangeReason.MOVE_OUT, BORN.plusYears(30),
                BORN.plusYears(30).minusDays(10));
        assertThat(identity(ResidentStatus.REMOVED, moveOut).active()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ChangeReason.class, names = {"MOVE_OUT", "MOVE_OUT_ABROAD", "DEATH", "EX_OFFICIO_REMOVAL"})
    void aRemovingChangeLeavesTheRecordRemoved(ChangeReason reason) {
        ChangeInformation change = new ChangeInformation(reason, BORN.plusYears(1), BORN.plusYears(1));
        assertField(() -> identity(ResidentStatus.ACTIVE, change), "status");
        assertThat(identity(ResidentStatus.REMOVED, change).status()).isEqualTo(ResidentStatus.REMOVED);
    }

    @Test
    void aRemovedRecordChangesOnlyByExOfficioCorrection() {
        LocalDate later = BORN.plusYears(1);
        assertField(() -> identity(ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.NAME_CHANGE, later, later)),
                "status");
        assertThat(identity(ResidentStatus.REMOVED,
                new ChangeInformation(ChangeReason.EX_OFFICIO_CORRECTION, later, later)).active()).isFalse();
    }

    private static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void theFirstResidenceIsNotWrittenAndIsReadWhenAbsent() {
        tools.jackson.databind.json.JsonMapper json = jp.jukinet.model.json.JukiNetJson.mapper();
        IdentityInformation first = identity(ResidentStatus.ACTIVE, BIRTH);
        String text = json.writeValueAsString(first);
        assertThat(text).doesNotContain("residence");
        assertThat(json.readValue(text, IdentityInformation.class)).isEqualTo(first);
    }

    @Test
    void aMoveInStartsTheNextResidenceAtTheNewMunicipality() {
        LocalGovernmentCode osaka = LocalGovernmentCode.of("271004");
        ChangeInformation moveIn = new ChangeInformation(ChangeReason.MOVE_IN, BORN.plusDays(10), BORN.plusDays(11));
        IdentityInformation moved = identity(ResidentStatus.ACTIVE, BIRTH)
                .movedIn(osaka, new Address("大阪府大阪市北区中之島1丁目3番20号"), moveIn);
        assertThat(moved.residence()).isEqualTo(1);
        assertThat(moved.municipality()).isEqualTo(osaka);
        assertThat(moved.residentCode()).isEqualTo(CODE);
        assertThat(moved.myNumber()).isEqualTo(NUMBER);
        tools.jackson.databind.json.JsonMapper json = jp.jukinet.model.json.JukiNetJson.mapper();
        String text = json.writeValueAsString(moved);
        assertThat(text).contains("\"residence\":1");
        assertThat(json.readValue(text, IdentityInformation.class)).isEqualTo(moved);
        assertThatThrownBy(() -> new IdentityInformation(CODE, NUMBER, NAME, BORN, Sex.FEMALE, ADDRESS, CHIYODA,
                ResidentStatus.ACTIVE, BIRTH, -1)).isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("residence");
    }
}
