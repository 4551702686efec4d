package jp.jukinet.provision.heads;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.provision.ProvisionConfiguration;
import jp.jukinet.provision.ProvisionRecords;

/**
 * Signed provision-chain heads exchanged between J-LIS and the prefectures (issue #15), on a node
 * with provision records and {@code jukinet.provision.heads.enabled=true} (J-LIS's and the
 * prefecture servers' service configuration). Fail closed: without its key pair, or a peer's
 * public key, the node does not start.
 */
@AutoConfiguration(after = ProvisionConfiguration.class)
@ConditionalOnProperty(name = "jukinet.provision.heads.enabled", havingValue = "true")
@ConditionalOnBean(ProvisionRecords.class)
@EnableConfigurationProperties(HeadSettings.class)
public class ProvisionHeadsConfiguration {

    @Bean
    HeadKeys provisionHeadKeys(NodeId node, HeadSettings settings, Environment environment, ResourceLoader resources) {
        if (node.tier() == jp.jukinet.model.notice.Tier.MUNICIPAL) {
            throw new IllegalStateException("jukinet.provision.heads: J-LIS and the prefecture servers exchange chain "
                    + "heads, not a CS (" + node + ")");
        }
        String directory = settings.keyDirectory() != null ? settings.keyDirectory()
                : "file:" + environment.getProperty("jukinet.tls.directory", "var/pki") + "/";
        return HeadKeys.load(node.value(), settings.peers(), directory, resources);
    }

    @Bean
    HeadStore provisionHeadStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, HeadKeys keys,
                                 ObjectProvider<Clock> clock) {
        return new HeadStore(JdbcClient.create(jdbc), new TransactionTemplate(transactions), keys,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    HeadExchange provisionHeadExchange(HeadKeys keys, JdbcTemplate jdbc, ProvisionRecords records, HeadSettings settings,
                                       RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl,
                                       ObjectProvider<Clock> clock) {
        RestClient.Builder client = builder.clone().baseUrl(settings.gateway().toString());
        if (settings.sslBundle() != null && !settings.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(settings.sslBundle()));
        }
        return new HeadExchange(keys, new OwnChain(JdbcClient.create(jdbc)), records,
                new RestHeadExchangeClient(client.build()), settings.peers(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ProvisionHeadsController provisionHeadsController(HeadStore store, HeadKeys keys) {
        return new ProvisionHeadsController(store, keys.node());
    }

    @Bean
    ProvisionHeadsEndpoint provisionHeadsEndpoint(HeadExchange exchange, HeadStore store, HeadKeys keys,
                                                  DataSource dataSource, ObjectProvider<Clock> clock,
                                                  ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            // 1: the chain agrees with every head the other tiers hold; 0: it differs; -1: no tier answered; NaN: not checked yet
            Gauge.builder("jukinet.provision.chain.anchored", exchange, e -> {
                        AnchorReport last = e.lastCheck();
                        return last == null ? Double.NaN : last.agrees() ? 1 : AnchorReport.UNCHECKED.equals(last.status()) ? -1 : 0;
                    })
                    .description("The provision chain checked against the signed heads other tiers hold (1 agrees, "
                            + "0 differs, -1 unchecked)")
                    .register(registry);
            Gauge.builder("jukinet.provision.heads.conflicts", store, s -> {
                        try {
                            return s.conflictCount();
                        } catch (RuntimeException e) {
                            return Double.NaN;
                        }
                    })
                    .description("Heads of other tiers' chains held here that contradict the heads held before "
                            + "(evidence of a truncation or rewrite)")
                    .register(registry);
        }
        return new ProvisionHeadsEndpoint(exchange, store, keys, dataSource, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "jukinet.provision.heads.scheduled", havingValue = "true", matchIfMissing = true)
    HeadExchangeLoop provisionHeadExchangeLoop(HeadExchange exchange, HeadSettings settings) {
        return new HeadExchangeLoop(exchange, settings.interval());
    }
}
