package jp.jukinet.provision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.ProvisionRulesException;
import jp.jukinet.model.provision.ProvisionRulesLoader;
import jp.jukinet.service.notice.NoticeChainConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provision of identity information (F5) and its records (F7) on a node that names a rules file
 * ({@code jukinet.provision.rules}) and declares its {@link NodeId}: the node's tier decides which
 * rules it serves (national server: NATIONAL, prefecture server: PREFECTURE, CS: MUNICIPALITY). Its
 * tables come with the flyway location {@code classpath:db/provision} (a CS: its own migration V40,
 * the same tables). A location prefixed {@value #OPTIONAL} may be missing, and then no rule is served.
 */
@AutoConfiguration(after = NoticeChainConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnProperty("jukinet.provision.rules")
@ConditionalOnBean(NodeId.class)
@EnableConfigurationProperties(ProvisionSettings.class)
public class ProvisionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProvisionConfiguration.class);

    /** A rules location that may be missing: then the node serves no rule (a municipality without an ordinance). */
    static final String OPTIONAL = "optional:";

    /**
     * The rules, loaded once at start. A missing or malformed file stops the service, with the
     * loader's message naming the line.
     */
    @Bean
    ProvisionRules provisionRules(ProvisionSettings settings, ResourceLoader resources, NodeId node) {
        ProviderTier tier = tier(node);
        boolean optional = settings.rules().startsWith(OPTIONAL);
        String location = optional ? settings.rules().substring(OPTIONAL.length()) : settings.rules();
        Resource resource = resources.getResource(location);
        if (optional && !resource.exists()) {
            // a municipality without a 30-14 ordinance ships no rules: it provides nothing
            log.info("No provision rules at {}: this {} provider serves no rule", location, tier);
            return new ProvisionRules("none", java.util.List.of());
        }
        ProvisionRules rules;
        try (InputStream in = resource.getInputStream()) {
            rules = ProvisionRulesLoader.load(in);
        } catch (ProvisionRulesException e) {
            throw new IllegalStateException("jukinet.provision.rules " + settings.rules() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("jukinet.provision.rules " + settings.rules() + " cannot be read", e);
        }
        log.info("Provision rules version {} from {}: {} rules, {} served by this {} provider", rules.version(),
                settings.rules(), rules.rules().size(),
                rules.rules().stream().filter(rule -> rule.provider() == tier).count(), tier);
        return rules;
    }

    static ProviderTier tier(NodeId node) {
        return switch (node.tier()) {
            case NATIONAL -> ProviderTier.NATIONAL;
            case PREFECTURAL -> ProviderTier.PREFECTURE;
            case MUNICIPAL -> ProviderTier.MUNICIPALITY;
        };
    }

    @Bean
    ProvisionRecords provisionRecords(JdbcTemplate jdbc, ObjectProvider<Clock> clock,
                                      ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        return new ProvisionRecords(jdbc, clock.getIfAvailable(Clock::systemUTC),
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean(destroyMethod = "close")
    ProvisionRecorder provisionRecorder(ProvisionRecords records, ProvisionSettings settings) {
        return new ProvisionRecorder(records, settings.recordGroup(), settings.recordTimeout());
    }

    @Bean
    IdentityLookups identityLookups(JdbcTemplate jdbc) {
        return new IdentityLookups(jdbc);
    }

    @Bean
    ProvideIdentityInformation provideIdentityInformation(NodeId node, ProvisionRules rules, IdentityLookups lookups,
                                                          ProvisionRecorder recorder, ObjectProvider<Clock> clock,
                                                          ProvisionSettings settings,
                                                          ObjectProvider<UseConsents> consents) {
        return new ProvideIdentityInformation(tier(node), rules, lookups, recorder,
                clock.getIfAvailable(Clock::systemUTC), settings.zone(), consents.getIfAvailable());
    }

    @Bean
    BatchLookups batchLookups(ProvideIdentityInformation provision, JsonMapper json, ProvisionSettings settings) {
        return new BatchLookups(provision, json, settings.batchChunk(), settings.maxLineLength(), settings.batchWorkers());
    }

    @Bean
    DiscloseProvisionRecords discloseProvisionRecords(ProvisionRecords records, ProvideIdentityInformation provision,
                                                      ObjectProvider<Clock> clock, ProvisionSettings settings) {
        return new DiscloseProvisionRecords(records, provision, clock.getIfAvailable(Clock::systemUTC), settings.zone(),
                settings.pageSize());
    }
}
