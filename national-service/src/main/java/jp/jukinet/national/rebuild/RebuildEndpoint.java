package jp.jukinet.national.rebuild;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operator's rebuild of J-LIS ({@code /actuator/rebuild}, operator-* on a direct connection
 * only): the shared {@link jp.jukinet.service.rebuild.RebuildEndpoint} over {@link NationalRebuild}.
 */
@Configuration(proxyBeanMethods = false)
class RebuildEndpoint {

    @Bean
    jp.jukinet.service.rebuild.RebuildEndpoint rebuildOperatorEndpoint(NationalRebuild rebuild) {
        return new jp.jukinet.service.rebuild.RebuildEndpoint(rebuild);
    }
}
