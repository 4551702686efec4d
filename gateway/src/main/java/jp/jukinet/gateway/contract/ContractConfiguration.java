package jp.jukinet.gateway.contract;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import jp.jukinet.gateway.firewall.Firewall;
import jp.jukinet.gateway.firewall.GatewayPolicy;
import jp.jukinet.gateway.transport.TransportConfiguration;

/**
 * The external contract: the nodes' documents fetched over mutual TLS with the gateway's own
 * certificate (the SSL bundle it forwards with), assembled under the gateway's policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContractSettings.class)
class ContractConfiguration {

    @Bean
    ExternalContract externalContract(GatewayPolicy policy, Firewall firewall, ContractSettings settings,
                                      Environment environment, SslBundles bundles) {
        SslBundle bundle = TransportConfiguration.backendBundle(environment, bundles);
        HttpClientSettings client = (bundle == null ? HttpClientSettings.defaults() : HttpClientSettings.ofSslBundle(bundle))
                .withTimeouts(settings.fetchTimeout(), settings.fetchTimeout());
        RestClient rest = RestClient.builder()
                .requestFactory(ClientHttpRequestFactoryBuilder.httpComponents().build(client))
                .build();
        return new ExternalContract(policy, firewall,
                new NodeDocuments(NodeDocuments.over(rest), settings, Clock.systemUTC()));
    }
}
