package jp.jukinet.service.register;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.NodeId;

/**
 * The register digests of a node that has a register (every tier declares its {@link NodeId}): the
 * {@link RegisterDigests} source, and the operator's actuator endpoint where the actuator is present
 * (exposed by each service's {@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(afterName = {
        "jp.jukinet.service.notice.NoticeChainConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration"})
@ConditionalOnBean(NodeId.class)
public class RegisterDigestsConfiguration {

    @Bean
    RegisterDigests registerDigests(JdbcTemplate jdbc) {
        return new RegisterDigests(JdbcClient.create(jdbc));
    }

    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    RegisterDigestsEndpoint registerDigestsEndpoint(RegisterDigests digests) {
        return new RegisterDigestsEndpoint(digests);
    }
}
