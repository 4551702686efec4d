package jp.jukinet.model.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jp.jukinet.model.FuzzContract;

/**
 * The wide-area copy on the wire: the request the holder (A) receives from the issuing CS (C), and
 * the answer C reads back. A parsed request names two different municipalities and the
 * requester; a parsed answer carries a copy exactly when it was issued.
 *
 * <p>Regression inputs: {@code src/test/resources/jp/jukinet/model/copy/CopyFuzzTestInputs/<method>/}.
 */
class CopyFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void recordCopyRequest(byte[] input) {
        FuzzContract.parse(input, RecordCopyRequest.class).ifPresent(request -> {
            assertThat(request.issuer()).isNotEqualTo(request.holder());
            assertThat(request.residentCode()).isNotNull();
            assertThat(request.requester().residentCode()).isNotNull();
            assertThat(request.include()).doesNotContainNull();
        });
    }

    @FuzzTest(maxDuration = "60s")
    void recordCopyAnswer(byte[] input) {
        FuzzContract.parse(input, RecordCopyAnswer.class).ifPresent(answer -> {
            assertThat(answer.requestId()).isNotNull();
            assertThat(answer.copy() != null).isEqualTo(answer.outcome() == RecordCopyAnswer.Outcome.ISSUED);
        });
    }
}
