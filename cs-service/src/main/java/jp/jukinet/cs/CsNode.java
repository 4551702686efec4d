package jp.jukinet.cs;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.NodeId;

/** This CS as a node of the network. */
@Configuration(proxyBeanMethods = false)
class CsNode {

    @Bean
    NodeId localNode(CsSettings settings) {
        return NodeId.cs(settings.municipality());
    }

    /** Japan time: a 届出 is dated by the municipal office's calendar. */
    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Asia/Tokyo"));
    }

    @Bean
    JdbcClient jdbcClient(JdbcTemplate template) {
        return JdbcClient.create(template);
    }
}
