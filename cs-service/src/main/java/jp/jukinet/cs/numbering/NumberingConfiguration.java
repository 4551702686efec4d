package jp.jukinet.cs.numbering;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import jp.jukinet.cs.CsSettings;
import jp.jukinet.service.notice.NoticePublisher;
import jp.jukinet.service.notice.OutboxSettings;

@Configuration(proxyBeanMethods = false)
class NumberingConfiguration {

    @Bean
    Numbering numbering(RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl, OutboxSettings uplink,
                        CsSettings settings) {
        RestClient.Builder client = builder.clone().baseUrl(uplink.uplink().toString());
        if (uplink.sslBundle() != null && !uplink.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(uplink.sslBundle()));
        }
        return new RemoteNumbering(client.build(), settings.municipality());
    }

    @Bean
    ResidentCodePool residentCodePool(JdbcTemplate jdbc, TransactionTemplate transactions, Numbering numbering,
                                      CsSettings settings, ObjectProvider<NoticePublisher> publisher) {
        // without a publisher (no uplink) there is no stream to verify
        return new ResidentCodePool(JdbcClient.create(jdbc), transactions, numbering, settings.codeBlockSize(),
                () -> publisher.getIfAvailable() == null
                        || publisher.getObject().lineage() == NoticePublisher.Lineage.VERIFIED);
    }
}
