package jp.jukinet.national.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.national.NationalApplication;
import jp.jukinet.testsupport.ServiceIntegrationTest;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The national server's webhook signing key: published as a JWK set, and required at start (fail
 * closed). The delivery state of a subscription that is not the caller's is not found.
 */
@ServiceIntegrationTest
class WebhookSigningKeyTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void theSigningKeyIsPublishedAsAJwkSetOfOneEd25519Key() throws IOException {
        ResponseEntity<String> answer = client("agency-nenkin").get().uri("/api/v1/national/subscription-keys")
                .retrieve().toEntity(String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        PublishedKeys keys = JukiNetJson.mapper().readValue(answer.getBody(), PublishedKeys.class);
        assertThat(keys.keys()).singleElement().satisfies(key -> {
            assertThat(key.kty()).isEqualTo("OKP");
            assertThat(key.crv()).isEqualTo("Ed25519");
            assertThat(key.kid()).isEqualTo("national-1");
            assertThat(key.use()).isEqualTo("sig");
        });
        // the very key of the configured file, nothing else
        String pem;
        try (var in = WebhookSigningKeyTest.class.getResourceAsStream("/webhook-signing-test.pub")) {
            pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        byte[] spki = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(keys.find("national-1").orElseThrow().getEncoded()).isEqualTo(spki);
        assertThat(answer.getBody()).doesNotContain("\"d\"");
    }

    @Test
    void anotherAgencysOrAnUnknownSubscriptionsDeliveryIsNotFoundAndAnAnonymousCallIsRefused() {
        UUID someone = UUID.randomUUID();
        ResponseEntity<String> status = client("agency-nta").get().uri("/api/v1/national/subscriptions/{id}/delivery", someone)
                .retrieve().toEntity(String.class);
        ResponseEntity<String> resume = client("agency-nta").post()
                .uri("/api/v1/national/subscriptions/{id}/delivery/resume", someone).retrieve().toEntity(String.class);
        ResponseEntity<String> anonymous = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(s -> true, (request, response) -> { }).build()
                .post().uri("/api/v1/national/subscriptions/{id}/delivery/resume", someone).retrieve().toEntity(String.class);

        assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(resume.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(resume.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void withoutItsSigningKeyTheNationalServerDoesNotStart(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> start("file:" + dir.resolve("missing.key"), "classpath:webhook-signing-test.pub"))
                .satisfies(e -> assertThat(causes(e)).contains("cannot read the signing key"));

        Path unreadable = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> start("file:" + unreadable, "classpath:webhook-signing-test.pub"))
                .satisfies(e -> assertThat(causes(e)).contains("not an Ed25519 key pair"));

        // a key that is not the published one's pair: deliveries would fail every agency's check
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path otherKey = Files.writeString(dir.resolve("other.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(other.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> start("file:" + otherKey, "classpath:webhook-signing-test.pub"))
                .satisfies(e -> assertThat(causes(e)).contains("is not the pair of signing-key"));
    }

    private static void start(String signingKey, String publicKey) {
        TestDatabase database = TestPostgres.createDatabase("national_signing");
        NationalApplication.application().run("--jukinet.security.plain-http-for-development=true", "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--jukinet.subscription.delivery.signing-key=" + signingKey,
                "--jukinet.subscription.delivery.public-key=" + publicKey,
                "--jukinet.national.numbering.key=fvYmseGNIEnVi5W2897PrRjP2Zl4LMHYsBeGMIPH7XQ=",
                // its provision-chain head keys (issue #15), present: this test is about the webhook key
                "--jukinet.provision.heads.key-directory=classpath:provision-heads-test/",
                "--spring.main.banner-mode=off").close();
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private RestClient client(String caller) {
        return RestClient.builder().baseUrl("http://localhost:" + port).defaultHeader("X-JukiNet-Caller", caller)
                .defaultStatusHandler(s -> true, (request, response) -> { }).build();
    }
}
