package jp.jukinet.provision.subscription;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the extract job of the national server ({@link SubscriptionExtractJob}),
 * {@code jukinet.subscription.extracts.*}.
 *
 * @param scheduled {@code false}: no job runs them (tests drive {@link SubscriptionExtracts#runDue} by hand)
 * @param interval  how often the job looks for due milestone months and as-of batches; a month is
 *                  due from 00:00 on its 1st in Japan, so it is run within this of then
 * @param pageSize  persons read, and events appended, per statement
 */
@ConfigurationProperties("jukinet.subscription.extracts")
public record ExtractSettings(@DefaultValue("true") boolean scheduled,
                              @DefaultValue("1m") Duration interval,
                              @DefaultValue("1000") int pageSize) {

    public ExtractSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jukinet.subscription.extracts.interval must be positive");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("jukinet.subscription.extracts.page-size must be positive");
        }
    }
}
