package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Without mutual TLS (the module tests' "plain" profile) there is no verified caller, and a
 * caller header from anyone is not one: provision is denied by default.
 */
@ServiceIntegrationTest
class ProvisionWithoutTlsTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void everyProvisionCallIsRefused() {
        RestClient client = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("X-JukiNet-Caller", "agency-nenkin")
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
        String code = ResidentCode.fromSerial(1_234_567_890L).value();
        assertThat(client.get().uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client.post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}").retrieve()
                .toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client.post().uri("/api/v1/national/lookups/batch").contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body("{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}\n").retrieve()
                .toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client.get().uri("/api/v1/national/provision-records").retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
