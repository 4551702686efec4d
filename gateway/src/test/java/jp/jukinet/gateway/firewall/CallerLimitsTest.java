package jp.jukinet.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.jukinet.gateway.firewall.CallerLimits.Admission;
import jp.jukinet.gateway.firewall.CallerLimits.Limit;
import jp.jukinet.gateway.firewall.GatewayPolicy.CallerClass;
import jp.jukinet.gateway.firewall.GatewayPolicy.Figures;
import jp.jukinet.gateway.firewall.GatewayPolicy.IdentityFigures;
import jp.jukinet.gateway.firewall.GatewayPolicy.Limits;

/** The counters behind the limits: each identity its own, figures by class, nothing unlimited. */
class CallerLimitsTest {

    private static final CallerClass CLERKS = new CallerClass("clerk", "clerk-\\d{6}", 1000, 10, 2, 3);
    private static final CallerClass AGENCIES = new CallerClass("agency", "agency-[a-z0-9-]+", 3, 1000, 1, 10);

    private static CallerLimits limits(Duration throttleWait, Map<String, IdentityFigures> perCaller) {
        return new CallerLimits(new Limits(List.of(CLERKS, AGENCIES), new Figures(1, 1, 1, 1), perCaller, throttleWait));
    }

    @Test
    void theFirstMatchingClassGivesTheFiguresAndACallerNoClassNamesGetsTheStrictest() {
        Limits limits = new Limits(List.of(CLERKS, new CallerClass("everyone", ".*", 500, 500, 5, 5)), null, null,
                Duration.ofSeconds(1));
        assertThat(limits.resolve("clerk-131016").callerClass()).isEqualTo("clerk");
        assertThat(limits.resolve("agency-nenkin").callerClass()).isEqualTo("everyone");

        Limits onlyClerks = new Limits(List.of(CLERKS), null, null, Duration.ofSeconds(1));
        assertThat(onlyClerks.resolve("clerk-1310169")).isEqualTo(new GatewayPolicy.Resolved("default", new Figures(1, 1, 1, 1)));
        assertThat(onlyClerks.resolve("operator-local").figures()).isEqualTo(new Figures(1, 1, 1, 1));
    }

    @Test
    void aClassOrDefaultThatLeavesAFigureOutStopsTheStart() {
        assertThatThrownBy(() -> new Limits(List.of(new CallerClass("clerk", "clerk-\\d{6}", 500, 0, 8, 32)), null, null,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clerk");
        assertThatThrownBy(() -> new Limits(List.of(), new Figures(0, 1, 1, 1), null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default");
        assertThatThrownBy(() -> new Limits(List.of(new CallerClass("bad", "clerk-(", 1, 1, 1, 1)), null, null,
                Duration.ofSeconds(1))).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> new Limits(List.of(), null, Map.of("agency-x", new IdentityFigures(0, null, null, null)),
                Duration.ofSeconds(1))).hasMessageContaining("agency-x");
    }

    @Test
    void anIdentityOverrideChangesOnlyTheFiguresItNames() {
        CallerLimits limits = limits(Duration.ofSeconds(1), Map.of("clerk-131016", new IdentityFigures(null, 99, null, null)));
        assertThat(limits.resolve("clerk-131016")).isEqualTo(new GatewayPolicy.Resolved("clerk", new Figures(1000, 99, 2, 3)));
        assertThat(limits.resolve("clerk-131130").figures()).isEqualTo(CLERKS.figures());
    }

    @Test
    void requestsBeyondTheRateAreRefusedAndEachIdentityHasItsOwnRate() {
        CallerLimits limits = limits(Duration.ZERO, Map.of());
        List<Limit> nenkin = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            try (Admission admission = limits.admit("agency-nenkin", false)) {
                nenkin.add(admission.refusedBy());
            }
        }
        // 3 a second: ten requests in one breath span at most two of the limiter's seconds
        assertThat(nenkin.stream().filter(limit -> limit == null)).hasSizeBetween(3, 6);
        assertThat(nenkin).contains(Limit.REQUESTS);
        try (Admission other = limits.admit("agency-sia", false)) {
            assertThat(other.refusedBy()).isNull();
            assertThat(other.callerClass()).isEqualTo("agency");
        }
    }

    @Test
    void requestsAndStreamsInProgressAreCappedUntilOneEnds() {
        CallerLimits limits = limits(Duration.ZERO, Map.of());
        Admission first = limits.admit("clerk-131016", true);
        Admission second = limits.admit("clerk-131016", true);
        assertThat(first.refusedBy()).isNull();
        assertThat(second.refusedBy()).isNull();

        Admission thirdStream = limits.admit("clerk-131016", true);
        assertThat(thirdStream.refusedBy()).isEqualTo(Limit.STREAMS);
        thirdStream.close(); // a refused admission holds nothing
        assertThat(limits.admit("clerk-131130", true).refusedBy()).isNull(); // another clerk is not held back

        Admission plain = limits.admit("clerk-131016", false);
        assertThat(plain.refusedBy()).isNull(); // 2 streams + 1 request = 3 requests in progress
        assertThat(limits.admit("clerk-131016", false).refusedBy()).isEqualTo(Limit.CONCURRENT_REQUESTS);

        first.close();
        first.close(); // closing twice gives back one place only
        assertThat(limits.admit("clerk-131016", false).refusedBy()).isNull();
        assertThat(limits.admit("clerk-131016", true).refusedBy()).isEqualTo(Limit.CONCURRENT_REQUESTS);
        plain.close();
        second.close();
    }

    @Test
    void linesWaitForTheirPermitsUpToTheThrottleWaitAndNoLonger() throws Exception {
        // 10 lines a second: a fresh limiter holds at most 10 permits, so 15 lines cannot pass without waiting
        try (Admission patient = limits(Duration.ofSeconds(5), Map.of()).admit("clerk-131016", true)) {
            assertThat(patient.takeLines(10)).isZero();
            assertThat(patient.takeLines(5)).isPositive();
        }
        try (Admission hasty = limits(Duration.ZERO, Map.of()).admit("clerk-131016", true)) {
            assertThatThrownBy(() -> hasty.takeLines(11)).isInstanceOf(CallerLimits.LinesLimitExceeded.class)
                    .hasMessageContaining("10 lines per second");
        }
    }

    @Test
    void theThrottleWaitMustEndBeforeIdleCountersAreDropped() {
        assertThatThrownBy(() -> limits(CallerLimits.IDLE, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
