package jp.jukinet.service.security;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import jp.jukinet.model.notice.NodeId;

/**
 * Mutual TLS and the peer check on every node (every application that declares its {@link NodeId}),
 * whatever its profiles or properties: the only way off is {@link PlainHttpForDevelopment}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(NodeId.class)
@EnableConfigurationProperties(TlsSettings.class)
public class PeerIdentityConfiguration {

    @Bean
    TransportSecurity transportSecurity(Environment environment, SslBundles bundles) {
        return new TransportSecurity(environment, bundles);
    }

    @Bean
    FilterRegistrationBean<PeerIdentityFilter> peerIdentityFilter(TlsSettings settings, TransportSecurity transport) {
        GatewayPins pins = null;
        if (!transport.plainHttpForDevelopment()) {
            pins = GatewayPins.load(settings.gatewayCertificate());
            LoggerFactory.getLogger(PeerIdentityFilter.class).info("The gateway is the peer whose certificate has "
                    + "SHA-256 fingerprint {} ({})", String.join(" or ", pins.fingerprints()), TlsSettings.GATEWAY_CERTIFICATE);
        }
        FilterRegistrationBean<PeerIdentityFilter> registration =
                new FilterRegistrationBean<>(new PeerIdentityFilter(settings, pins, transport.plainHttpForDevelopment()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
