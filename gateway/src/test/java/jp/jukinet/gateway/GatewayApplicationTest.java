package jp.jukinet.gateway;

import static jp.jukinet.testsupport.BootedServiceChecks.assertHealthy;
import static jp.jukinet.testsupport.BootedServiceChecks.assertOpenApiDocument;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApplicationTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void bootsHealthy() {
        assertHealthy(port, false);
    }

    /** Alone, the gateway reaches no node: its contract says which parts are missing rather than look whole. */
    @Test
    @SuppressWarnings("unchecked")
    void publishesTheContractAndSaysWhatIsMissing() {
        java.util.Map<String, Object> info = (java.util.Map<String, Object>) assertOpenApiDocument(port,
                "Juki-Net external contract").get("info");
        org.assertj.core.api.Assertions.assertThat((String) info.get("description")).startsWith("**INCOMPLETE**");
        org.assertj.core.api.Assertions.assertThat((java.util.List<java.util.Map<String, Object>>) info.get("x-jukinet-missing"))
                .extracting(part -> part.get("nodes")).containsExactly("cs-*", "national", "pref-*");
    }
}
