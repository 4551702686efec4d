package jp.jukinet.provision.subscription.delivery;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jp.jukinet.provision.ProvisionSettings;
import jp.jukinet.provision.subscription.EventFeed;

/**
 * Webhook delivery on the national server ({@code jukinet.subscription.delivery.enabled=true}, set
 * by its service configuration only). The signing key is loaded at start and the node does not
 * start without it. Delivery itself runs where the subscriptions' {@link EventFeed} is a bean; its
 * table comes with the flyway location {@code classpath:db/subscription}.
 */
// before Boot's JPA, so that this package is among those it scans (below); every bean used here is
// injected, not a condition, so nothing else needs ordering. An auto-configured EventFeed must come
// before this class for Delivering's condition to see it
@AutoConfiguration(beforeName = {
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"})
@ConditionalOnProperty(name = "jukinet.subscription.delivery.enabled", havingValue = "true")
@EnableConfigurationProperties(DeliverySettings.class)
// adds this package to the auto-configuration packages that Boot's JPA scans for entities and
// repositories, beside the application's own: unlike @EntityScan or @EnableJpaRepositories it
// replaces nothing, so other features' entities and repositories are found as before
@AutoConfigurationPackage(basePackageClasses = DeliveryState.class)
public class WebhookDeliveryConfiguration {

    /** The key pair's name in the PKI directory when the settings name no files ({@code dev-pki signing-key}). */
    public static final String DEFAULT_KEY = "national-webhook-signing";

    /** Fail closed: no key, no national server. */
    @Bean
    SigningKey webhookSigningKey(DeliverySettings settings, org.springframework.core.env.Environment environment,
                                 org.springframework.core.io.ResourceLoader resources) {
        String directory = environment.getProperty("jukinet.tls.directory", "var/pki");
        org.springframework.core.io.Resource privateKey = settings.signingKey() != null ? settings.signingKey()
                : resources.getResource("file:" + directory + "/" + DEFAULT_KEY + ".key");
        org.springframework.core.io.Resource publicKey = settings.publicKey() != null ? settings.publicKey()
                : resources.getResource("file:" + directory + "/" + DEFAULT_KEY + ".pub");
        return SigningKey.load(settings.keyId(), privateKey, publicKey);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(EventFeed.class)
    static class Delivering {

        /** The nodes' outgoing client (service-support: pooled, no automatic retries) with the node's mutual TLS. */
        @Bean
        WebhookSender webhookSender(DeliverySettings settings, RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl) {
            RestClient.Builder client = builder.clone();
            if (settings.sslBundle() != null && !settings.sslBundle().isBlank()) {
                client.apply(ssl.getObject().fromBundle(settings.sslBundle()));
            }
            return new RestWebhookSender(client.build(), settings.gateway());
        }

        @Bean
        WebhookDeliveries webhookDeliveries(EventFeed feed, DeliveryStates states, WebhookSender sender, SigningKey key,
                                            DeliverySettings settings, PlatformTransactionManager transactions,
                                            ObjectProvider<Clock> clock, ObjectProvider<ProvisionSettings> provision,
                                            ObjectProvider<MeterRegistry> meters) {
            ProvisionSettings provisionSettings = provision.getIfAvailable();
            return new WebhookDeliveries(feed, states, sender, key, settings, new TransactionTemplate(transactions),
                    clock.getIfAvailable(Clock::systemUTC),
                    provisionSettings != null ? provisionSettings.zone() : java.time.ZoneId.of("Asia/Tokyo"),
                    meters.getIfAvailable(SimpleMeterRegistry::new));
        }

        @Bean
        @ConditionalOnProperty(name = "jukinet.subscription.delivery.loop", havingValue = "true", matchIfMissing = true)
        WebhookDeliveryLoop webhookDeliveryLoop(WebhookDeliveries deliveries, DeliverySettings settings) {
            return new WebhookDeliveryLoop(deliveries, settings);
        }
    }
}
