package jp.jukinet.model.move;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import tools.jackson.core.type.TypeReference;

/**
 * What one CS receives from another on a move: a batch of move messages in the peer envelope (as
 * {@code MoveMessagesController} binds it), a withdrawal sent at once and its answer, and the DV
 * support measures. A parsed batch is strictly ascending and each message keeps its contract; an
 * unknown message type is refused, never guessed.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/move/MoveFuzzTestInputs/<method>/}.
 */
class MoveFuzzTest {

    private static final TypeReference<PeerBatch<MoveMessage>> BATCH = new TypeReference<>() { };

    @FuzzTest(maxDuration = "60s")
    void peerBatchOfMoveMessages(byte[] input) {
        FuzzContract.parse(input, BATCH).ifPresent(batch -> {
            assertThat(batch.messages()).isNotEmpty();
            long previous = 0;
            for (PeerMessage<MoveMessage> message : batch.messages()) {
                assertThat(message.sequence()).isGreaterThan(previous);
                previous = message.sequence();
                assertThat(message.messageId()).isNotNull();
                holdsItsContract(message.message());
            }
        });
    }

    @FuzzTest(maxDuration = "60s")
    void moveOutWithdrawal(byte[] input) {
        FuzzContract.parse(input, MoveOutWithdrawal.class).ifPresent(MoveFuzzTest::holdsItsContract);
        FuzzContract.parse(input, WithdrawalAnswer.class).ifPresent(answer -> {
            assertThat(answer.moveId()).isNotNull();
            assertThat(answer.outcome()).isNotNull();
        });
    }

    @FuzzTest(maxDuration = "60s")
    void dvProtection(byte[] input) {
        FuzzContract.parse(input, DvProtection.class).ifPresent(protection -> {
            assertThat(protection.endDate()).isNotNull();
            assertThat(protection.restrictedRequesters()).doesNotContainNull().doesNotHaveDuplicates()
                    .hasSizeLessThanOrEqualTo(DvProtection.MAX_REQUESTERS);
        });
    }

    private static void holdsItsContract(MoveMessage message) {
        assertThat(message).isInstanceOf(MoveMessage.class);
        // a MoveMessage is read only through its type property: the record it names, or a refusal
        assertThat(message.getClass()).isIn(MoveOutCertificate.class, MoveInNotification.class,
                MoveOutWithdrawal.class, DvProtectionUpdate.class);
        assertThat(message.moveId()).isNotNull();
        assertThat(message.origin()).isNotEqualTo(message.destination());
        assertThat(message.residentCode()).isNotNull();
        assertThat(message.sender()).isIn(message.origin(), message.destination());
        if (message instanceof MoveOutCertificate certificate) {
            assertThat(certificate.identity().municipality()).isEqualTo(certificate.origin());
            assertThat(certificate.identity().status()).isEqualTo(ResidentStatus.ACTIVE);
        }
    }
}
