package jp.jukinet.service.notice;

import java.time.Clock;
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

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.operator.OutboxEndpoint;
import jp.jukinet.service.operator.RetentionPurgeEndpoint;
import jp.jukinet.service.register.RetentionPurge;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the notice chain of a node that declares its own {@link NodeId} bean: its register, an
 * outbox and publisher when it has an uplink ({@code jukinet.outbox.uplink}), and an inbox with
 * its endpoint when it declares a {@link NoticeApplier}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration"})
@ConditionalOnBean(NodeId.class)
@EnableConfigurationProperties({OutboxSettings.class, RegisterSettings.class})
@org.springframework.scheduling.annotation.EnableScheduling
public class NoticeChainConfiguration {

    @Bean
    ResidentRegister residentRegister(JdbcTemplate jdbc, JsonMapper json, RegisterSettings settings) {
        return new ResidentRegister(jdbc, json, settings);
    }

    /** The register's digests for the consistency check (整合性確認, docs/architecture.md F8), computed when asked. */
    @Bean
    jp.jukinet.service.register.RegisterDigests registerDigests(JdbcTemplate jdbc) {
        return new jp.jukinet.service.register.RegisterDigests(org.springframework.jdbc.core.simple.JdbcClient.create(jdbc));
    }

    /** Notices a receiver took but did not apply (see {@link AdmitNotices}). */
    @Bean
    ParkedNotices parkedNotices(JdbcTemplate jdbc, JsonMapper json) {
        return new ParkedNotices(jdbc, json);
    }

    /** Only where the statute sets a retention (prefecture and national servers): {@code jukinet.register.purge-cron}. */
    @Bean
    @ConditionalOnProperty("jukinet.register.purge-cron")
    RetentionPurge retentionPurge(ResidentRegister register, ObjectProvider<NoticeInbox> inbox,
                                  TransactionTemplate transactions, ObjectProvider<Clock> clock) {
        return new RetentionPurge(register, inbox.getIfAvailable(), transactions, clock.getIfAvailable(Clock::systemUTC));
    }

    /** The operator's run-it-now of the purge ({@code /actuator/retentionpurge}), where there is a purge. */
    @Bean
    @ConditionalOnProperty("jukinet.register.purge-cron")
    RetentionPurgeEndpoint retentionPurgeEndpoint(RetentionPurge purge, ObjectProvider<Clock> clock) {
        return new RetentionPurgeEndpoint(purge, clock.getIfAvailable(Clock::systemUTC));
    }

    /** The operator's view of every outbox and inbound stream of this node ({@code /actuator/outbox}), read-only. */
    @Bean
    OutboxEndpoint outboxEndpoint(NodeId localNode, JdbcTemplate jdbc, ObjectProvider<Clock> clock) {
        return new OutboxEndpoint(localNode, JdbcClient.create(jdbc), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnProperty("jukinet.outbox.uplink")
    NoticeOutbox noticeOutbox(JdbcTemplate jdbc, JsonMapper json, ObjectProvider<NoticePublisher> publisher,
                              NoticeTraces traces) {
        return new NoticeOutbox(jdbc, json, () -> OutboxPublisher.nudgeAfterCommit(publisher), traces);
    }

    /** Each notice's trace, kept in the outbox and continued at its delivery ({@link NoticeTraces}). */
    @Bean
    NoticeTraces noticeTraces(ObjectProvider<Tracer> tracer) {
        return new NoticeTraces(tracer.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty("jukinet.outbox.uplink")
    NoticeSender noticeSender(RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, OutboxSettings settings) {
        RestClient.Builder uplink = builder.clone().baseUrl(settings.uplink().toString());
        if (settings.sslBundle() != null && !settings.sslBundle().isBlank()) {
            uplink.apply(ssl.getObject().fromBundle(settings.sslBundle()));
        }
        Retry retry = Retry.of("notice-uplink", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0,
                        settings.maxBackoff()))
                .build());
        CircuitBreaker circuitBreaker = CircuitBreaker.of("notice-uplink", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .build());
        return new RestNoticeSender(uplink.build(), retry, circuitBreaker);
    }

    @Bean
    @ConditionalOnProperty("jukinet.outbox.uplink")
    NoticePublisher noticePublisher(NodeId localNode, JdbcTemplate jdbc, TransactionTemplate transactions,
                                    NoticeSender sender, OutboxSettings settings, JsonMapper json,
                                    ObjectProvider<TakeBackNotices> takeBack, ObjectProvider<MeterRegistry> meters,
                                    NoticeTraces traces) {
        return new NoticePublisher(localNode, JdbcClient.create(jdbc), transactions, sender, settings, json,
                takeBack.getIfAvailable(), meters.getIfAvailable(SimpleMeterRegistry::new), traces);
    }

    @Bean
    @ConditionalOnBean(NoticeApplier.class)
    NoticeInbox noticeInbox(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
                            NoticeApplier applier, ParkedNotices parked, ObjectProvider<MeterRegistry> meters,
                            ObjectProvider<Clock> clock) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        // what waits for an operator now (the counters say what was parked and released over time)
        io.micrometer.core.instrument.Gauge.builder("jukinet.inbox.parked", parked, notices -> {
            try {
                return notices.count();
            } catch (RuntimeException e) {
                return Double.NaN; // the database does not answer: no sample rather than a false zero
            }
        }).description("Notices parked here, waiting for an operator").register(registry);
        return new NoticeInbox(jdbc, transactions, json, applier, parked, registry,
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** The operator's list, release and discard of parked notices ({@code /actuator/parkednotices}). */
    @Bean
    @ConditionalOnBean(NoticeApplier.class)
    ParkedNoticesEndpoint parkedNoticesEndpoint(ParkedNotices parked, NoticeApplier applier,
                                                TransactionTemplate transactions, ObjectProvider<Clock> clock) {
        return new ParkedNoticesEndpoint(parked, applier, transactions, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnBean(NoticeApplier.class)
    NoticeInboxController noticeInboxController(NoticeInbox inbox) {
        return new NoticeInboxController(inbox);
    }
}
