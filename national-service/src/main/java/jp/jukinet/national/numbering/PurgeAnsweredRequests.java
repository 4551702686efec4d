package jp.jukinet.national.numbering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets the answers to My Number requests once no retry of them can come. A CS retries a
 * request within seconds, under the same request id, and gets the recorded answer again; after
 * {@code jukinet.national.numbering.request-retention} (30 days by default) the record has done its
 * work. Only the replay record goes: every number ever issued stays in {@code issued_my_numbers},
 * so no number can be issued twice, and a late repeat of a request that is not a reissue still gets
 * the person's current number. Runs daily at {@code jukinet.national.numbering.request-purge-cron}
 * (03:45 Japan time by default), on the clock it is given.
 */
@Component
class PurgeAnsweredRequests {

    private static final Logger log = LoggerFactory.getLogger(PurgeAnsweredRequests.class);

    private final JdbcClient jdbc;
    private final NumberingSettings settings;
    private final Clock clock;

    PurgeAnsweredRequests(JdbcClient jdbc, NumberingSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** @return answers removed */
    @Scheduled(cron = "${jukinet.national.numbering.request-purge-cron:0 45 3 * * *}", zone = "Asia/Tokyo")
    int run() {
        Instant cutoff = clock.instant().minus(settings.requestRetention());
        int removed = jdbc.sql("DELETE FROM my_number_requests WHERE answered_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
        log.info("My Number request answers older than {} removed: {}", cutoff, removed);
        return removed;
    }
}
