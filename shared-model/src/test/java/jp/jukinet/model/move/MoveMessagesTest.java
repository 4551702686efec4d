package jp.jukinet.model.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
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
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class MoveMessagesTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final ResidentCode CODE = ResidentCode.of("12345678903");
    static final IdentityInformation AT_CHIYODA = new IdentityInformation(CODE, MyNumber.of("123456789018"),
            PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
            new Address("東京都千代田区千代田1番1号"), CHIYODA, ResidentStatus.ACTIVE,
            new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    static final UUID MOVE = UUID.fromString("5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f");

    final JsonMapper json = JukiNetJson.mapper();

    static MoveOutCertificate certificate(DvProtection protection) {
        return new MoveOutCertificate(MOVE, CHIYODA, OSAKA, AT_CHIYODA, DAY.plusDays(5), DAY,
                new Address("大阪府大阪市北区中之島1丁目3番20号"), true, protection);
    }

    @Test
    void aBatchOfMoveMessagesTravelsWithTheirTypes() {
        DvProtection protection = new DvProtection(List.of(ResidentCode.of("12345678903")), DAY.plusYears(1));
        PeerBatch<MoveMessage> batch = new PeerBatch<>(NodeId.of("cs-131016"), NodeId.of("cs-271004"), List.of(
                new PeerMessage<>(1, UUID.randomUUID(), certificate(protection)),
                new PeerMessage<>(2, UUID.randomUUID(), new DvProtectionUpdate(MOVE, CHIYODA, OSAKA, CODE, null)),
                new PeerMessage<>(3, UUID.randomUUID(),
                        new MoveOutWithdrawal(MOVE, CHIYODA, OSAKA, CODE, MoveOutWithdrawal.Reason.DEATH))));
        // M is erased at run time: the batch is written as the generic type it is read as
        String text = json.writerFor(new TypeReference<PeerBatch<MoveMessage>>() { }).writeValueAsString(batch);
        assertThat(text).contains("\"type\":\"MOVE_OUT_CERTIFICATE\"").contains("\"type\":\"MOVE_OUT_WITHDRAWAL\"");
        PeerBatch<MoveMessage> read = json.readValue(text, new TypeReference<PeerBatch<MoveMessage>>() { });
        assertThat(read).isEqualTo(batch);
        assertThat(read.messages().get(0).message()).isInstanceOf(MoveOutCertificate.class);
    }

    @Test
    void aMessageWrittenAloneCarriesItsType() {
        MoveMessage notification = new MoveInNotification(MOVE, CHIYODA, OSAKA, CODE, DAY, DAY);
        String text = json.writeValueAsString(notification);
        assertThat(text).startsWith("{\"type\":\"MOVE_IN_NOTIFICATION\"");
        assertThat(json.readValue(text, MoveMessage.class)).isEqualTo(notification);
        assertThat(notification.sender()).isEqualTo(OSAKA);
        assertThat(notification.recipient()).isEqualTo(CHIYODA);
    }

    @Test
    void anUnknownTypeIsRefusedNotGuessed() {
        assertThatThrownBy(() -> json.readValue("{\"type\":\"MOVE_SIDEWAYS\",\"moveId\":\"" + MOVE + "\"}",
                MoveMessage.class)).isInstanceOf(tools.jackson.core.JacksonException.class);
    }

    @Test
    void aMoveNeedsTwoMunicipalities() {
        assertThatThrownBy(() -> new MoveInNotification(MOVE, CHIYODA, CHIYODA, CODE, DAY, DAY))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("destination");
    }

    @Test
    void theCertificateIsOfTheRecordInForceAtTheOrigin() {
        assertThatThrownBy(() -> new MoveOutCertificate(MOVE, OSAKA, CHIYODA, AT_CHIYODA, DAY, DAY,
                new Address("東京都千代田区"), false, null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("identity.municipality");
    }

    @Test
    void toStringShowsNoPersonalData() {
        DvProtection protection = new DvProtection(List.of(ResidentCode.of("12345678903")), DAY);
        String text = certificate(protection).toString() + protection;
        assertThat(text).doesNotContain("山田").doesNotContain("12345678903").doesNotContain("123456789018")
                .doesNotContain("大阪府");
    }

    @Test
    void dvProtectionStandsThroughItsEndDateAndNamesItsRequesters() {
        ResidentCode named = ResidentCode.of("12345678903");
        DvProtection protection = new DvProtection(List.of(named), DAY);
        assertThat(protection.inForce(DAY)).isTrue();
        assertThat(protection.inForce(DAY.plusDays(1))).isFalse();
        assertThat(protection.names(named)).isTrue();
        assertThat(new DvProtection(null, DAY).restrictedRequesters()).isEmpty();
        assertThatThrownBy(() -> new DvProtection(List.of(named, named), DAY))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("restrictedRequesters[1]");
        assertThatThrownBy(() -> new DvProtection(List.of(), null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("endDate");
    }

    @Test
    void aBatchIsInAscendingOrder() {
        MoveMessage message = new MoveInNotification(MOVE, CHIYODA, OSAKA, CODE, DAY, DAY);
        assertThatThrownBy(() -> new PeerBatch<>(NodeId.of("cs-271004"), NodeId.of("cs-131016"), List.of(
                new PeerMessage<>(2, UUID.randomUUID(), message), new PeerMessage<>(2, UUID.randomUUID(), message))))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("messages[1].sequence");
    }
}
