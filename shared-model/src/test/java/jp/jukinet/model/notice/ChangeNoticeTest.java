package jp.jukinet.model.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ChangeNoticeTest {

    static final UUID CHANGE_ID = UUID.fromString("5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f");
    static final NodeId CHIYODA = NodeId.of("cs-131016");
    static final ResidentCode CODE = ResidentCode.of("12345678903");
    static final MyNumber NUMBER = MyNumber.of("123456789018");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final Instant COMMITTED = Instant.parse("2026-11-20T01:02:03Z");

    static IdentityInformation identity(ChangeReason reason, ResidentCode code, MyNumber number) {
        ResidentStatus status = reason.removesResident() ? ResidentStatus.REMOVED : ResidentStatus.ACTIVE;
        return new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), DAY, Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"), status,
                new ChangeInformation(reason, DAY, DAY));
    }

    static final IdentityInformation BIRTH = identity(ChangeReason.BIRTH, CODE, NUMBER);

    @Test
    void ofTakesKeysAndDatesFromTheSnapshot() {
        ChangeNotice notice = ChangeNotice.of(CHANGE_ID, CHIYODA, 42, COMMITTED, BIRTH);
        assertThat(notice.schemaVersion()).isEqualTo(ChangeNotice.CURRENT_VERSION).isEqualTo(1);
        assertThat(notice.residentCode()).isEqualTo(CODE);
        assertThat(notice.reason()).isEqualTo(ChangeReason.BIRTH);
        assertThat(notice.effectiveDate()).isEqualTo(DAY);
        assertThat(notice.notifiedDate()).isEqualTo(DAY);
        assertThat(notice.previousResidentCode()).isNull();
        assertThat(notice.previousMyNumber()).isNull();
    }

    @Test
    void toStringDoesNotRevealTheMyNumber() {
        ChangeNotice notice = ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED,
                identity(ChangeReason.MY_NUMBER_CHANGE, CODE, NUMBER), null, MyNumber.of("000000000019"));
        assertThat(notice.toString()).doesNotContain("123456789018", "000000000019", "山田");
    }

    @Test
    void refusesMissingOrOutOfRangeHeaderFields() {
        assertField(() -> new ChangeNotice(0, CHANGE_ID, CHIYODA, 1, CODE, ChangeReason.BIRTH, DAY, DAY, COMMITTED,
                BIRTH, null, null), "schemaVersion");
        assertField(() -> new ChangeNotice(1, null, CHIYODA, 1, CODE, ChangeReason.BIRTH, DAY, DAY, COMMITTED,
                BIRTH, null, null), "changeId");
        assertField(() -> new ChangeNotice(1, CHANGE_ID, null, 1, CODE, ChangeReason.BIRTH, DAY, DAY, COMMITTED,
                BIRTH, null, null), "source");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 0, COMMITTED, BIRTH), "sequence");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, -5, COMMITTED, BIRTH), "sequence");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, null, BIRTH), "committedAt");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, null), "identity");
        assertField(() -> new ChangeNotice(1, CHANGE_ID, CHIYODA, 1, CODE, null, DAY, DAY, COMMITTED,
                BIRTH, null, null), "reason");
    }

    @Test
    void refusesHeaderFieldsThatDisagreeWithTheSnapshot() {
        assertField(() -> new ChangeNotice(1, CHANGE_ID, CHIYODA, 1, ResidentCode.of("00000000108"),
                ChangeReason.BIRTH, DAY, DAY, COMMITTED, BIRTH, null, null), "residentCode");
        assertField(() -> new ChangeNotice(1, CHANGE_ID, CHIYODA, 1, CODE, ChangeReason.MOVE_IN, DAY, DAY, COMMITTED,
                BIRTH, null, null), "reason");
        assertField(() -> new ChangeNotice(1, CHANGE_ID, CHIYODA, 1, CODE, ChangeReason.BIRTH, DAY.plusDays(1), DAY,
                COMMITTED, BIRTH, null, null), "effectiveDate");
        assertField(() -> new ChangeNotice(1, CHANGE_ID, CHIYODA, 1, CODE, ChangeReason.BIRTH, DAY, DAY.plusDays(1),
                COMMITTED, BIRTH, null, null), "notifiedDate");
    }

    @Test
    void carriesThePreviousResidentCodeExactlyForAResidentCodeChange() {
        IdentityInformation changed = identity(ChangeReason.RESIDENT_CODE_CHANGE, CODE, NUMBER);
        ResidentCode old = ResidentCode.of("00000000108");
        assertThat(ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed, old, null).previousResidentCode())
                .isEqualTo(old);
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed), "previousResidentCode");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed, CODE, null), "previousResidentCode");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, BIRTH, old, null), "previousResidentCode");
    }

    @Test
    void carriesThePreviousMyNumberExactlyForAMyNumberChange() {
        IdentityInformation changed = identity(ChangeReason.MY_NUMBER_CHANGE, CODE, NUMBER);
        MyNumber old = MyNumber.of("000000000019");
        assertThat(ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed, null, old).previousMyNumber())
                .isEqualTo(old);
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed), "previousMyNumber");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, changed, null, NUMBER), "previousMyNumber");
        assertField(() -> ChangeNotice.of(CHANGE_ID, CHIYODA, 1, COMMITTED, BIRTH, null, old), "previousMyNumber");
    }

    /** A notice as a future writer (schema version 2) might send it, with fields this reader does not know. */
    static final String VERSION_2 = """
            {
              "schemaVersion": 2,
              "changeId": "5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f",
              "source": "cs-131016",
              "sequence": 42,
              "priority": "HIGH",
              "residentCode": "12345678903",
              "reason": "BIRTH",
              "effectiveDate": "2026-11-20",
              "notifiedDate": "2026-11-20",
              "committedAt": "2026-11-20T01:02:03Z",
              "routing": {"via": ["pref-13"], "hops": 1},
              "identity": {
                "residentCode": "12345678903",
                "myNumber": "123456789018",
                "name": {"family": "山田", "given": "花子", "familyKana": "ヤマダ", "givenKana": "ハナコ",
                         "romanized": "YAMADA HANAKO", "kanaVerified": true},
                "dateOfBirth": "2026-11-20",
                "sex": "FEMALE",
                "address": {"text": "東京都千代田区千代田1番1号", "postalCode": "100-0001",
                            "parts": {"prefecture": "東京都", "block": ["1", "1"]}},
                "municipality": "131016",
                "status": "ACTIVE",
                "change": {"reason": "BIRTH", "effectiveDate": "2026-11-20", "notifiedDate": "2026-11-20",
                           "recordedBy": "clerk-131016"},
                "nationality": "JP",
                "householdHead": {"residentCode": "00000000108"}
              },
              "signature": null,
              "trailer": [1, 2, 3]
            }
            """;

    @Test
    void anOlderReaderAcceptsANewerVersionWithExtraFields() {
        ChangeNotice expected = new ChangeNotice(2, CHANGE_ID, CHIYODA, 42, CODE, ChangeReason.BIRTH, DAY, DAY,
                COMMITTED, BIRTH, null, null);
        assertThat(JukiNetJson.mapper().readValue(VERSION_2, ChangeNotice.class)).isEqualTo(expected);
    }

    @Test
    void theRecordsThemselvesIgnoreUnknownFieldsEvenUnderAStrictMapper() {
        JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        ChangeNotice notice = strict.readValue(VERSION_2, ChangeNotice.class);
        assertThat(notice.schemaVersion()).isEqualTo(2);
        assertThat(notice.identity()).isEqualTo(BIRTH);
    }

    @Test
    void aNoticeThatBreaksTheContractIsRefusedWhenRead() {
        String mismatched = VERSION_2.replace("\"residentCode\": \"12345678903\",\n  \"reason\"",
                "\"residentCode\": \"00000000108\",\n  \"reason\"");
        assertThat(mismatched).isNotEqualTo(VERSION_2);
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(mismatched, ChangeNotice.class))
                .rootCause()
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("residentCode"));
    }

    @Test
    void aResyncNoticeRoundTripsAndAnOrdinaryOneWritesNoResyncField() {
        UUID version = UUID.fromString("0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70");
        ChangeNotice resync = new ChangeNotice(1, CHANGE_ID, CHIYODA, 7, CODE, ChangeReason.BIRTH, DAY, DAY, COMMITTED,
                BIRTH, null, null, new ChangeNotice.Resync(version));
        String json = JukiNetJson.mapper().writeValueAsString(resync);
        assertThat(JukiNetJson.mapper().readValue(json, ChangeNotice.class)).isEqualTo(resync);
        assertThat(JukiNetJson.mapper().readValue(json, ChangeNotice.class).resync()).isEqualTo(new ChangeNotice.Resync(version));

        ChangeNotice ordinary = ChangeNotice.of(CHANGE_ID, CHIYODA, 7, COMMITTED, BIRTH);
        assertThat(ordinary.resync()).isNull();
        assertThat(JukiNetJson.mapper().writeValueAsString(ordinary)).doesNotContain("resync");
        assertField(() -> new ChangeNotice.Resync(null), "resync.lastChangeId");
    }

    private static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
