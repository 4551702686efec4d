package jp.jukinet.prefecture.use;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the prefecture's statistics ({@link PrefectureStatistics}).
 *
 * @param minimumCount the smallest count shown: a cell of 1 or 2 residents (a 100-year-old in a
 *                     small town) can single a person out
 */
@ConfigurationProperties("jukinet.prefecture.statistics")
public record StatisticsSettings(@DefaultValue("3") int minimumCount) {

    public StatisticsSettings {
        if (minimumCount < 1) {
            throw new IllegalArgumentException("jukinet.prefecture.statistics.minimum-count must be at least 1");
        }
    }
}
