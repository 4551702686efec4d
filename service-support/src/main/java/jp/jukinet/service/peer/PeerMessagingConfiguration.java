package jp.jukinet.service.peer;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeChainConfiguration;
import jp.jukinet.service.notice.NoticeTraces;
import jp.jukinet.service.notice.OutboxPublisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Peer messaging on a node that declares its {@link NodeId} and names the gateway
 * ({@code jukinet.peers.gateway}): the outbox, its publisher, and {@link PeerGateway}, the client
 * for the calls to other nodes that need an answer at once. Tables: flyway location
 * {@code classpath:db/peer}; the receiving side needs {@code classpath:db/inbox}.
 */
@AutoConfiguration(after = NoticeChainConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration"})
@ConditionalOnBean(NodeId.class)
@ConditionalOnProperty("jukinet.peers.gateway")
@EnableConfigurationProperties(PeerSettings.class)
public class PeerMessagingConfiguration {

    @Bean
    PeerGateway peerGateway(RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, PeerSettings settings) {
        RestClient.Builder client = builder.clone().baseUrl(settings.gateway().toString());
        if (settings.sslBundle() != null && !settings.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(settings.sslBundle()));
        }
        return new PeerGateway(client.build());
    }

    @Bean
    PeerOutbox peerOutbox(JdbcTemplate jdbc, JsonMapper json, ObjectProvider<PeerPublisher> publisher,
                          ObjectProvider<NoticeTraces> traces) {
        return new PeerOutbox(jdbc, json, () -> OutboxPublisher.nudgeAfterCommit(publisher),
                traces.getIfAvailable(() -> NoticeTraces.NONE));
    }

    @Bean
    PeerSender peerSender(PeerGateway gateway) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .build());
        return new RestPeerSender(gateway.client(), breakers);
    }

    @Bean
    PeerPublisher peerPublisher(NodeId localNode, JdbcTemplate jdbc, TransactionTemplate transactions,
                                PeerSender sender, PeerSettings settings, JsonMapper json,
                                ObjectProvider<NoticeTraces> traces) {
        return new PeerPublisher(localNode, JdbcClient.create(jdbc), transactions, sender, settings, json,
                traces.getIfAvailable(() -> NoticeTraces.NONE));
    }
}
