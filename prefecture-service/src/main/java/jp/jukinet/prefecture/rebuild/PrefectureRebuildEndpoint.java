package jp.jukinet.prefecture.rebuild;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.jukinet.service.rebuild.RebuildEndpoint;

/**
 * The operator's rebuild of this prefecture server from its CSs ({@code /actuator/rebuild},
 * operator-* on a direct connection only): the shared {@link RebuildEndpoint} over
 * {@link PrefectureRebuild}.
 */
@Configuration(proxyBeanMethods = false)
class PrefectureRebuildEndpoint {

    @Bean
    RebuildEndpoint rebuildEndpoint(PrefectureRebuild rebuild) {
        return new RebuildEndpoint(rebuild);
    }
}
