package jp.jukinet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.testsupport.PostgresTestInitializer;
import jp.jukinet.testsupport.TestPki;
import jp.jukinet.web.ActivationSlip;

/**
 * The portal on its own, on a real PostgreSQL and a real port, with a gateway that does not answer:
 * what it shows to nobody, and what it refuses before it would ask the network. The whole way in
 * (activation, passkey, the records) is the browser tests' (local-cluster).
 */
@SpringBootTest(classes = PortalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=resident-portal", "spring.application.name=resident_portal_test",
                // Java's cookie store keeps a Secure cookie from plain http (browsers send it to http://localhost)
                "server.servlet.session.cookie.secure=false"})
@ContextConfiguration(initializers = PostgresTestInitializer.class)
class PortalTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final ResidentCode WITH_CERTIFICATE = ResidentCode.random(new Random(21));
    private static final ResidentCode WITHOUT_CERTIFICATE = ResidentCode.random(new Random(22));

    @LocalServerPort
    int port;

    @BeforeAll
    static void certificates() {
        TestPki.certificate("clerk-131016");
        TestPki.certificate("resident-" + WITH_CERTIFICATE.value());
    }

    @DynamicPropertySource
    static void portal(DynamicPropertyRegistry registry) {
        registry.add("jukinet.portal.gateway", () -> "https://127.0.0.1:9");
        registry.add("jukinet.portal.tls-directory", () -> TestPki.directory().toString());
        registry.add("jukinet.portal.origin", () -> "http://localhost:8091");
        registry.add("jukinet.portal.rp-id", () -> "localhost");
    }

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> activate(String slip, String dateOfBirth) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/activate").body());
        assertThat(token.find()).isTrue();
        String form = "slip=" + URLEncoder.encode(slip, StandardCharsets.UTF_8) + "&dateOfBirth="
                + URLEncoder.encode(dateOfBirth, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/activate"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String slipFor(ResidentCode resident, String signer) throws IOException {
        IssuedCertificate clerk = TestPki.certificate(signer);
        return ActivationSlip.issue(resident, LocalGovernmentCode.of("131016"), Instant.now())
                .sign(DevCertificateAuthority.readPrivateKey(clerk.privateKey()),
                        DevCertificateAuthority.readCertificate(clerk.certificate()));
    }

    @Test
    void everyResidentsPageSendsTheStrangerToSignInWithoutAWord() throws Exception {
        for (String page : new String[] {"/", "/records", "/records.csv", "/move-out", "/enrol"}) {
            HttpResponse<String> answer = get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(page)
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/signin"));
        }
        HttpResponse<String> signIn = get("/signin");
        assertThat(signIn.body()).contains("lang=\"ja\"").contains("パスキーでサインイン");
        assertThat(signIn.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe"));
    }

    @Test
    void aSlipThatIsNotOneIsRefusedAsSuch() throws Exception {
        HttpResponse<String> answer = activate("eyJhbGciOiJub25lIn0.e30.", "1990-01-01");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("この利用登録用紙は使えません");
    }

    @Test
    void aSlipSignedByAnotherMunicipalitysClerkIsRefused() throws Exception {
        HttpResponse<String> answer = activate(slipFor(WITH_CERTIFICATE, "clerk-271004"), "1990-01-01");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("この利用登録用紙は使えません").contains("not signed by the municipality it names");
    }

    @Test
    void aResidentWithoutACertificateCannotEnrol() throws Exception {
        HttpResponse<String> answer = activate(slipFor(WITHOUT_CERTIFICATE, "clerk-131016"), "1990-01-01");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("電子証明書がまだ発行されていません");
    }

    @Test
    void aNetworkThatDoesNotAnswerCountsNothingAgainstTheSlip() throws Exception {
        String slip = slipFor(WITH_CERTIFICATE, "clerk-131016");
        for (int attempt = 0; attempt < 6; attempt++) {
            HttpResponse<String> answer = activate(slip, "1990-01-01");
            assertThat(answer.statusCode()).isEqualTo(422);
            // six tries, more than a slip's five wrong dates: each says the network, none uses the slip up
            assertThat(answer.body()).contains("この用紙はそのまま使えます");
        }
    }
}
