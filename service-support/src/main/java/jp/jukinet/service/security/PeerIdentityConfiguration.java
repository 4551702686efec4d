package jp.jukinet.service.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Turns on the peer check on nodes that run mutual TLS (those that name their allowed peers). */
@AutoConfiguration
@ConditionalOnProperty("jukinet.tls.allowed-peers")
@EnableConfigurationProperties(TlsSettings.class)
public class PeerIdentityConfiguration {

    @Bean
    FilterRegistrationBean<PeerIdentityFilter> peerIdentityFilter(TlsSettings settings) {
        FilterRegistrationBean<PeerIdentityFilter> registration =
                new FilterRegistrationBean<>(new PeerIdentityFilter(settings));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
