package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.testsupport.TestPki;

/**
 * Revocation end to end (issue #12, attack 8): the CA revokes a clerk's certificate with the
 * project's own API ({@code dev-pki revoke}, {@code ./jukinet cert --revoke}), and the running
 * gateway refuses that certificate within seconds, without a restart; a certificate issued to the
 * same identity afterwards works.
 */
class CertificateRevocationTest {

    private static LocalNetwork network;

    @BeforeAll
    static void start() {
        network = new LocalNetwork().cs("131130").startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void aRevokedClerkIsRefusedWithinSecondsAndANewCertificateWorks(@TempDir Path kept) throws Exception {
        String clerk = "clerk-131130";
        // the clerk's certificate as its holder keeps it, whatever the CA does with its own copy
        IssuedCertificate issued = TestPki.certificate(clerk);
        IssuedCertificate held = new IssuedCertificate(issued.identity(),
                Files.copy(issued.certificate(), kept.resolve("clerk.crt")), Files.copy(issued.privateKey(), kept.resolve("clerk.key")));
        RestClient holder = TestPki.client(network.baseUrl("gateway"), TestPki.bundle(held, TestPki.ca().caCertificatePath()));
        assertThat(moves(holder).getStatusCode()).isEqualTo(HttpStatus.OK);
        ConfigurableApplicationContext gateway = network.context("gateway");
        double refusedBefore = revokedCount();

        TestPki.ca().revoke(new Identity(clerk));

        ResponseEntity<Map> refused = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> moves(holder), answer -> answer.getStatusCode() == HttpStatus.FORBIDDEN);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(refused.getBody()).containsEntry("type", "urn:jukinet:problem:revoked").containsEntry("status", 403);
        assertThat(revokedCount()).isGreaterThan(refusedBefore);
        assertThat(network.context("gateway")).isSameAs(gateway);
        assertThat(gateway.isActive()).isTrue();
        // the revoked certificate is refused everywhere, health and the API docs included
        assertThat(holder.get().uri("/actuator/health").retrieve().toEntity(Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        // the same identity, a new certificate (its files were moved aside, so this issues a fresh pair)
        RestClient renewed = network.client("gateway", clerk);
        assertThat(moves(renewed).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(moves(holder).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static ResponseEntity<Map> moves(RestClient client) {
        return client.get().uri("/api/v1/municipalities/131130/moves").retrieve().toEntity(Map.class);
    }

    private static double revokedCount() {
        return network.bean("gateway", MeterRegistry.class).find("jukinet.gateway.denied").tag("reason", "revoked")
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
