package jp.jukinet.prefecture.rebuild;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.rebuild.RebuildGate;
import jp.jukinet.service.rebuild.RebuildStatus;

/**
 * Whether this prefecture server serves or is being rebuilt from its CSs (F8), kept in
 * {@code rebuild_state}: the shared {@link RebuildStatus} with a prefecture's notion of an empty
 * register (no resident, no history, no relayed block of codes, no notice ever received from a CS)
 * and its sources, {@code jukinet.prefecture.rebuild.sources}. While {@code REBUILDING} or
 * {@code CHECKING} every API answers 503 ({@link RebuildGate}): its CSs' notices, the numbering relay,
 * its use and provision, and J-LIS's calls.
 */
@Component
public class PrefectureRebuildState extends RebuildStatus {

    PrefectureRebuildState(JdbcClient jdbc, PrefectureRebuildSettings settings, PrefectureSettings prefecture) {
        super(jdbc, "pref-" + prefecture.prefecture().value(), settings.start(), settings.sources(), """
                SELECT NOT EXISTS (SELECT 1 FROM residents) AND NOT EXISTS (SELECT 1 FROM resident_history)
                   AND NOT EXISTS (SELECT 1 FROM relayed_code_blocks) AND NOT EXISTS (SELECT 1 FROM inbound_progress)""");
    }

    @Configuration(proxyBeanMethods = false)
    static class Gate {

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> rebuildGateFilter(PrefectureRebuildState state) {
            return RebuildGate.filter(state, "the prefecture server is being rebuilt from its CSs (or checks whether "
                    + "it must be); retry later");
        }
    }
}
