package jp.jukinet.national.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import jp.jukinet.testsupport.TestPki;

/** The provision tests' way of running the node with mutual TLS works as production does. */
class MtlsSetupTest extends MtlsProvisionTest {

    @Test
    void theGatewayPassesTheCallerAndNoOneElseReachesTheApi() {
        assertThat(through("agency-nenkin").get().uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        // an agency's own certificate is not an allowed peer of the national server: only through the gateway
        assertThat(TestPki.client(baseUrl(), "agency-nenkin").get().uri("/api/v1/national/provision-rules").retrieve()
                .toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
