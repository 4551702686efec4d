package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * Without mutual TLS — only under the development switch the module tests set — the node listens
 * on loopback and the caller is whoever {@code X-JukiNet-Caller} names: a call that names no one is
 * refused before it reaches provision, and one that names an agency is that agency's, held to its
 * rules like any other.
 */
@ServiceIntegrationTest
class ProvisionWithoutTlsTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void aCallThatNamesNoCallerIsRefused() {
        RestClient anonymous = client().build();
        String code = ResidentCode.fromSerial(1_234_567_890L).value();
        assertForbidden(anonymous.get().uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class));
        assertForbidden(anonymous.post().uri("/api/v1/national/lookups").contentType(MediaType.APPLICATION_JSON)
                .body("{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}").retrieve()
                .toEntity(String.class));
        assertForbidden(anonymous.post().uri("/api/v1/national/lookups/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body("{\"basis\":\"nenkin-30-9-same-address\",\"residentCode\":\"" + code + "\"}\n").retrieve()
                .toEntity(String.class));
        assertForbidden(anonymous.get().uri("/api/v1/national/provision-records").retrieve().toEntity(String.class));
    }

    @Test
    void theCallerIsWhoeverTheHeaderNames() {
        ResponseEntity<String> rules = client().defaultHeader("X-JukiNet-Caller", "agency-nenkin").build()
                .get().uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class);
        assertThat(rules.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rules.getBody()).contains("\"recipient\":\"agency-nenkin\"").doesNotContain("agency-nta");
    }

    private RestClient.Builder client() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { });
    }

    private static void assertForbidden(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }
}
