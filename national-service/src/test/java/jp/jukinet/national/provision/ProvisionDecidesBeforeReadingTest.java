package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Attack 9 of issue #12: the legal basis of a lookup is decided before the register is read at
 * all. While another transaction holds the register's table locked against every reader, a
 * lookup under a rule that does not name the caller, or under no rule, is still answered (refused
 * and recorded) at once: it never touched the table. A lookup that reads first would wait for the
 * lock and time out.
 */
@ServiceIntegrationTest
class ProvisionDecidesBeforeReadingTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void aRefusedLookupNeverReadsTheRegister() throws Exception {
        String code = ResidentCode.fromSerial(1_234_567_890L).value();
        try (Connection holder = dataSource.getConnection(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE residents IN ACCESS EXCLUSIVE MODE");
            try {
                // the rule names agency-nenkin, not agency-nta
                assertThat(lookup("agency-nta", "nenkin-30-9-same-address", code).getStatusCode())
                        .isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(lookup("agency-nta", "no-such-rule", code).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            } finally {
                holder.rollback();
            }
        }
        // the same lookup by the rule's recipient does read the register (and finds no one)
        assertThat(lookup("agency-nenkin", "nenkin-30-9-same-address", code).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private ResponseEntity<String> lookup(String caller, String basis, String code) {
        RestClient client = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .build(HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(10))))
                .defaultHeader("X-JukiNet-Caller", caller)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
        return client.post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"" + basis + "\",\"residentCode\":\"" + code + "\"}").retrieve().toEntity(String.class);
    }
}
