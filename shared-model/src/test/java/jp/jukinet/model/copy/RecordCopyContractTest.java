package jp.jukinet.model.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;

class RecordCopyContractTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final ResidentCode CODE = ResidentCode.of("12345678903");
    static final RecordCopyRequest.Requester REQUESTER = new RecordCopyRequest.Requester(CODE, "山田", "花子",
            LocalDate.of(1990, 4, 1), RecordCopyRequest.IdentityDocument.MY_NUMBER_CARD);

    @Test
    void aRequestIncludesNothingExtraUnlessAsked() {
        RecordCopyRequest request = new RecordCopyRequest(UUID.randomUUID(), OSAKA, CHIYODA, CODE,
                REQUESTER, null);
        assertThat(request.include()).isEmpty();
        String text = JukiNetJson.mapper().writeValueAsString(request);
        assertThat(JukiNetJson.mapper().readValue(text, RecordCopyRequest.class)).isEqualTo(request);
        assertThat(request.toString()).doesNotContain(CODE.value()).doesNotContain("山田").doesNotContain("1990");
    }

    @Test
    void aRequesterIsDescribedByTheIdentityDocumentNotByACodeAlone() {
        String codeOnly = "{\"requestId\":\"5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f\",\"issuer\":\"271004\","
                + "\"holder\":\"131016\",\"residentCode\":\"12345678903\",\"requester\":{\"residentCode\":\"12345678903\"}}";
        assertThatThrownBy(() -> JukiNetJson.mapper().readValue(codeOnly, RecordCopyRequest.class))
                .hasRootCauseInstanceOf(InvalidValueException.class)
                .rootCause().extracting("field").isEqualTo("requester.family");
        assertThatThrownBy(() -> new RecordCopyRequest.Requester(CODE, "山田", "花子", LocalDate.of(1990, 4, 1), null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("requester.identityDocument");
        assertThatThrownBy(() -> new RecordCopyRequest.Requester(CODE, "山田", "花子", null,
                RecordCopyRequest.IdentityDocument.PASSPORT))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("requester.dateOfBirth");
    }

    @Test
    void aRecordHeldByTheIssuerIsNotAWideAreaCopy() {
        assertThatThrownBy(() -> new RecordCopyRequest(UUID.randomUUID(), CHIYODA, CHIYODA, CODE,
                REQUESTER, Set.of()))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("holder");
    }

    @Test
    void aRefusalCarriesNoCopyAndNoReason() {
        RecordCopyAnswer refused = RecordCopyAnswer.notIssuable(UUID.fromString("5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f"));
        assertThat(JukiNetJson.mapper().writeValueAsString(refused))
                .isEqualTo("{\"requestId\":\"5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f\",\"outcome\":\"NOT_ISSUABLE\"}");
        LocalDate day = LocalDate.of(2026, 11, 20);
        RecordCopy copy = new RecordCopy(CHIYODA, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), day, Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), day, day, new ChangeInformation(ChangeReason.BIRTH, day, day),
                null, null, null, null);
        assertThatThrownBy(() -> new RecordCopyAnswer(UUID.randomUUID(), RecordCopyAnswer.Outcome.NOT_ISSUABLE, copy))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("copy");
    }
}
