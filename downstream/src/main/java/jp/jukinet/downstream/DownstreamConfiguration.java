package jp.jukinet.downstream;

import java.time.Clock;

import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/** What every downstream system has: its client of J-LIS (through the gateway) and its access check. */
@Configuration(proxyBeanMethods = false)
class DownstreamConfiguration {

    /** The SSL bundle of the system's own client certificate ({@code <identity>.crt}), see downstream.yaml. */
    static final String CLIENT_BUNDLE = "client";

    @Bean
    JlisClient jlisClient(RestClient.Builder builder, RestClientSsl ssl, DownstreamSettings settings) {
        return new JlisClient(builder.clone().baseUrl(settings.gateway().toString()).apply(ssl.fromBundle(CLIENT_BUNDLE))
                .build());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FilterRegistrationBean<ConsumerAccess> consumerAccess(Environment environment) {
        String directory = environment.getRequiredProperty("jukinet.tls.directory");
        FilterRegistrationBean<ConsumerAccess> registration = new FilterRegistrationBean<>(
                new ConsumerAccess(ConsumerAccess.pin(java.nio.file.Path.of(directory, "gateway.crt"))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
