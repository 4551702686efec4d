package jp.jukinet.downstream.holding;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.JlisClient;

/** The parts of a holder (card management, JPKI); the information-provision network has none of them. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${jukinet.downstream.system:}' != 'IPN'")
class HoldingConfiguration {

    @Bean
    Holdings holdings(DataSource dataSource, DownstreamSettings settings) {
        return new Holdings(JdbcClient.create(dataSource), settings.system());
    }

    @Bean
    FeedApplier feedApplier(DataSource dataSource, TransactionTemplate transactions, Holdings holdings, Clock clock) {
        return new FeedApplier(JdbcClient.create(dataSource), transactions, holdings, clock);
    }

    @Bean
    FeedFollower feedFollower(DownstreamSettings settings, JlisClient jlis, FeedApplier applier, DataSource dataSource,
                              Clock clock) {
        return new FeedFollower(settings, jlis, applier, new JdbcNonceStore(JdbcClient.create(dataSource), clock), clock);
    }

    @Bean
    EnrolHoldings enrolHoldings(DownstreamSettings settings, JlisClient jlis, FeedFollower follower, Holdings holdings,
                                Clock clock) {
        return new EnrolHoldings(settings, jlis, follower, holdings, clock);
    }
}
