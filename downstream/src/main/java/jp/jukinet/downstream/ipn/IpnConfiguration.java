package jp.jukinet.downstream.ipn;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.JlisClient;

/** The information-provision network's parts. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jukinet.downstream.system", havingValue = "IPN")
class IpnConfiguration {

    @Bean
    AgencyCodes agencyCodes(DataSource dataSource, JlisClient jlis, DownstreamSettings settings, Clock clock) {
        return new AgencyCodes(JdbcClient.create(dataSource), jlis, new AgencyCodeDerivation(settings.codeKey()), settings,
                clock);
    }
}
