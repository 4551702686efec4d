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

    @Test
    void publishesItsOpenApiDocument() {
        assertOpenApiDocument(port, "Juki-Net gateway");
    }
}
