package jp.jukinet.downstream.holding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.DownstreamSystem;

/**
 * While J-LIS does not answer, a downstream system tries again ever less often (1 s doubling to 30 s,
 * never beyond its pull interval) and says so once per outage, not once a second; and once when J-LIS
 * answers again.
 */
class FeedFollowerBackoffTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(FeedFollower.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(null);
    }

    private static FeedFollower follower(Duration pullInterval) {
        DownstreamSettings settings = new DownstreamSettings(DownstreamSystem.IPN, "agency-ipn", "ipn-basis",
                URI.create("https://localhost:8443"), null, pullInterval, 500, Duration.ofMinutes(5), "a-key");
        // the back-off asks nothing of J-LIS, the applier or the nonces
        return new FeedFollower(settings, null, null, null, Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC));
    }

    private static List<Duration> failTimes(FeedFollower follower, int times) {
        return IntStream.range(0, times).mapToObj(i -> follower.failed(new IllegalStateException("connection refused")))
                .toList();
    }

    @Test
    void theWaitDoublesUpToThirtySecondsAndTheOutageIsLoggedOnceAtWarnAndOnceWhenItEnds() {
        FeedFollower follower = follower(Duration.ofMinutes(1));
        assertThat(failTimes(follower, 8)).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1);
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.DEBUG).hasSize(7);

        follower.recovered();
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.INFO).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString().contains("after 8 failed attempts");
        // the next outage starts again from a second, with a WARN of its own
        assertThat(failTimes(follower, 1)).containsExactly(Duration.ofSeconds(1));
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(2);
        follower.recovered();
        follower.recovered();
        assertThat(logged.list).as("nothing to say when there was no outage")
                .filteredOn(event -> event.getLevel() == Level.INFO).hasSize(2);
    }

    @Test
    void theWaitNeverExceedsThePullInterval() {
        assertThat(failTimes(follower(Duration.ofSeconds(5)), 6)).extracting(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 5L, 5L, 5L);
    }
}
