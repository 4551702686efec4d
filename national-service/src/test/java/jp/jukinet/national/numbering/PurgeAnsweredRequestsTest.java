package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;

/**
 * Answers to My Number requests are kept for their retention and then forgotten; the numbers are
 * not: a request repeated after its answer was purged still gets the person's current number, and
 * no number is issued twice.
 */
class PurgeAnsweredRequestsTest extends MtlsNumberingTest {

    @Autowired
    NumberingSettings settings;

    @Test
    void forgetsOnlyAnswersPastTheirRetentionAndNeverTheNumbers() {
        NumberingApi api = api();
        List<ResidentCode> codes = NumberingApi.codes(api.allocate(
                new ResidentCodeBlockRequest(UUID.randomUUID(), LocalGovernmentCode.of("131016"), 2)));
        MyNumberRequest old = new MyNumberRequest(UUID.randomUUID(), CHIYODA, List.of(codes.get(0)), false);
        MyNumberRequest recent = new MyNumberRequest(UUID.randomUUID(), CHIYODA, List.of(codes.get(1)), false);
        MyNumberResponse oldAnswer = api.issue(old);
        api.issue(recent);
        // the old request was answered 31 days ago
        jdbc.sql("UPDATE my_number_requests SET answered_at = answered_at - interval '31 days' WHERE request_id = :id")
                .param("id", old.requestId()).update();
        long issuedBefore = jdbc.sql("SELECT count(*) FROM issued_my_numbers").query(Long.class).single();

        assertThat(purgeAt(Instant.now())).isEqualTo(1);

        assertThat(answered(old)).isFalse();
        assertThat(answered(recent)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM issued_my_numbers").query(Long.class).single()).isEqualTo(issuedBefore);
        // a late repeat of the purged request is answered with the same number, issued once
        assertThat(api.issue(old)).isEqualTo(oldAnswer);
        assertThat(jdbc.sql("SELECT count(*) FROM issued_my_numbers").query(Long.class).single()).isEqualTo(issuedBefore);
    }

    @Test
    void theRetentionDayItselfStillKeepsTheAnswer() {
        NumberingApi api = api();
        List<ResidentCode> codes = NumberingApi.codes(api.allocate(
                new ResidentCodeBlockRequest(UUID.randomUUID(), LocalGovernmentCode.of("131130"), 1)));
        MyNumberRequest request = new MyNumberRequest(UUID.randomUUID(), SHIBUYA, codes, false);
        api.issue(request);
        Instant answeredAt = jdbc.sql("SELECT answered_at FROM my_number_requests WHERE request_id = :id")
                .param("id", request.requestId()).query(java.sql.Timestamp.class).single().toInstant();
        assertThat(settings.requestRetention()).isEqualTo(Duration.ofDays(30));

        purgeAt(answeredAt.plus(Duration.ofDays(30)));
        assertThat(answered(request)).isTrue();
        purgeAt(answeredAt.plus(Duration.ofDays(30)).plusSeconds(1));
        assertThat(answered(request)).isFalse();
    }

    private int purgeAt(Instant now) {
        return new PurgeAnsweredRequests(jdbc, settings, Clock.fixed(now, ZoneOffset.UTC)).run();
    }

    private boolean answered(MyNumberRequest request) {
        return jdbc.sql("SELECT count(*) FROM my_number_requests WHERE request_id = :id")
                .param("id", request.requestId()).query(Long.class).single() == 1;
    }
}
