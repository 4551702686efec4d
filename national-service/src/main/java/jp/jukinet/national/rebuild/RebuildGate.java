package jp.jukinet.national.rebuild;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While J-LIS is {@code REBUILDING} or {@code CHECKING} ({@link RebuildState}), every request to its APIs
 * ({@code /internal/**}: notices, numbering, move-out verifications; {@code /api/**}: lookups,
 * subscriptions, provision records) is answered 503 problem+json with {@code Retry-After}
 * ({@link jp.jukinet.service.rebuild.RebuildGate}): the prefectures' outboxes keep their notices and
 * send them again, the CSs' numbering waits, an agency tries later. The actuator stays open.
 */
@Configuration(proxyBeanMethods = false)
class RebuildGate {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> rebuildGateFilter(RebuildState state) {
        return jp.jukinet.service.rebuild.RebuildGate.filter(state, "the national server is being rebuilt from the "
                + "prefecture servers (or checks whether it must be); retry later");
    }
}
