package jp.jukinet.provision.subscription;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.provision.IdentityLookups;
import jp.jukinet.provision.ProvideIdentityInformation;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.provision.ProvisionSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions and their feeds (F6), for the node that writes them: the national server imports
 * this (it is no auto-configuration, so the prefecture servers and CSs, which provide by lookup
 * only, start no JPA). Its tables come with the flyway location {@code classpath:db/subscription}.
 * The extract modes' job ({@link SubscriptionExtractJob}) runs unless
 * {@code jukinet.subscription.extracts.scheduled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackageClasses = Subscriptions.class)
@EntityScan(basePackageClasses = Subscription.class)
@EnableConfigurationProperties(ExtractSettings.class)
public class SubscriptionConfiguration {

    @Bean
    SubscriptionFeeds subscriptionFeeds(JdbcTemplate jdbc, ProvisionRules rules, JsonMapper json,
                                        ProvisionRecorder recorder, ObjectProvider<Clock> clock, ProvisionSettings settings) {
        return new SubscriptionFeeds(jdbc, rules, json, recorder, clock.getIfAvailable(Clock::systemUTC), settings.zone());
    }

    @Bean
    ManageSubscriptions manageSubscriptions(Subscriptions subscriptions, SubscriptionFeeds feeds,
                                            ProvideIdentityInformation provision, IdentityLookups lookups,
                                            ProvisionRecorder recorder, TransactionTemplate transactions,
                                            JsonMapper json, ProvisionSettings settings) {
        return new ManageSubscriptions(subscriptions, feeds, provision, lookups, recorder, transactions, json,
                settings.maxLineLength());
    }

    @Bean
    SubscriptionExtracts subscriptionExtracts(JdbcTemplate jdbc, SubscriptionFeeds feeds, ProvisionRules rules,
                                              ProvisionRecorder recorder, TransactionTemplate transactions, JsonMapper json,
                                              ObjectProvider<Clock> clock, ProvisionSettings settings,
                                              ExtractSettings extracts) {
        return new SubscriptionExtracts(jdbc, feeds, rules, recorder, transactions, json,
                clock.getIfAvailable(Clock::systemUTC), settings.zone(), extracts.pageSize());
    }

    @Bean
    @ConditionalOnProperty(name = "jukinet.subscription.extracts.scheduled", havingValue = "true", matchIfMissing = true)
    SubscriptionExtractJob subscriptionExtractJob(SubscriptionExtracts extracts, ExtractSettings settings) {
        return new SubscriptionExtractJob(extracts, settings);
    }
}
