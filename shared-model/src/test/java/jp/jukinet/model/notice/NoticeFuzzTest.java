package jp.jukinet.model.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;
import jp.jukinet.model.identity.ChangeReason;

/**
 * The notice chain's wire input as a prefecture or the national server receives it: a batch of
 * change notices, a single notice, and the receiver's acknowledgement the sender reads back. A
 * parsed value keeps the contract its constructor states (checked again here from the outside) and
 * round-trips; anything else is refused as a field or as unreadable JSON.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/notice/NoticeFuzzTestInputs/<method>/}.
 */
class NoticeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void changeNotice(byte[] input) {
        FuzzContract.parse(input, ChangeNotice.class).ifPresent(NoticeFuzzTest::holdsItsContract);
    }

    @FuzzTest(maxDuration = "60s")
    void changeNoticeBatch(byte[] input) {
        FuzzContract.parse(input, ChangeNoticeBatch.class).ifPresent(batch -> {
            assertThat(batch.notices()).isNotEmpty();
            long previous = 0;
            for (ChangeNotice notice : batch.notices()) {
                assertThat(notice.source()).isEqualTo(batch.source());
                assertThat(notice.sequence()).isGreaterThan(previous);
                previous = notice.sequence();
                holdsItsContract(notice);
            }
            assertThat(batch.lastSequence()).isEqualTo(previous);
        });
    }

    @FuzzTest(maxDuration = "60s")
    void acknowledgement(byte[] input) {
        FuzzContract.parse(input, Acknowledgement.class).ifPresent(ack -> {
            assertThat(ack.source()).isNotNull();
            assertThat(ack.upToSequence()).isNotNegative();
        });
    }

    private static void holdsItsContract(ChangeNotice notice) {
        assertThat(notice.schemaVersion()).isPositive();
        assertThat(notice.sequence()).isPositive();
        assertThat(notice.residentCode()).isEqualTo(notice.identity().residentCode());
        assertThat(notice.reason()).isEqualTo(notice.identity().change().reason());
        assertThat(notice.effectiveDate()).isEqualTo(notice.identity().change().effectiveDate());
        assertThat(notice.notifiedDate()).isEqualTo(notice.identity().change().notifiedDate());
        assertThat(notice.previousResidentCode() != null).isEqualTo(notice.reason() == ChangeReason.RESIDENT_CODE_CHANGE);
        assertThat(notice.previousMyNumber() != null).isEqualTo(notice.reason() == ChangeReason.MY_NUMBER_CHANGE);
        assertThat(notice.identity().dateOfBirth()).isBeforeOrEqualTo(notice.notifiedDate());
    }
}
