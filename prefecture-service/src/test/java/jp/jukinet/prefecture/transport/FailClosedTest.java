package jp.jukinet.prefecture.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import jp.jukinet.prefecture.PrefectureApplication;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPki;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Mutual TLS and the caller checks cannot be configured away: the node is started as an operator
 * would start it ({@code java -jar}, its own {@code prefecture-service.yaml}, no test configuration),
 * and only the named development switch serves plain HTTP — on loopback, saying so.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailClosedTest {

    private static final String SWITCH = "--jukinet.security.plain-http-for-development=true";

    @Test
    void anUnknownProfileStillServesMutualTlsOnlyAndRefusesACallerWithoutACertificate() {
        certificates();
        // a switch that is not exactly "true" is off, whatever Spring would read into it
        try (ConfigurableApplicationContext node = start("--spring.profiles.active=prod",
                "--jukinet.security.plain-http-for-development=yes", "--jukinet.tls.directory=" + TestPki.directory())) {
            String https = "https://localhost:" + port(node);
            RestClient plain = RestClient.builder().baseUrl(https.replace("https:", "http:"))
                    .defaultStatusHandler(status -> true, (request, response) -> { }).build();
            ResponseEntity<String> overHttp = plain.get().uri("/api/v1/prefectures/13/provision-rules")
                    .header("X-JukiNet-Caller", "agency-pref13-kyoiku").retrieve().toEntity(String.class);
            assertThat(overHttp.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(overHttp.getBody()).doesNotContain("pref13-");

            RestClient anonymous = TestPki.client(https, TestPki.bundle(null, TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> anonymous.get().uri("/api/v1/prefectures/13/provision-rules").retrieve().toEntity(String.class))
                    .isInstanceOf(ResourceAccessException.class);

            assertThat(TestPki.client(https, "agency-pref13-kyoiku").get().uri("/api/v1/prefectures/13/provision-rules")
                    .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            ResponseEntity<String> throughGateway = TestPki.throughGateway(https, "agency-pref13-kyoiku").get()
                    .uri("/api/v1/prefectures/13/provision-rules").retrieve().toEntity(String.class);
            assertThat(throughGateway.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(throughGateway.getBody()).contains("pref13-30-15-2-kyoiku");
        }
    }

    @Test
    void turningTlsOffWithoutTheSwitchStopsTheStart() {
        certificates();
        assertStartRefused("server.ssl.enabled=false", "--server.ssl.enabled=false", "--jukinet.tls.directory=" + TestPki.directory());
        assertStartRefused("server.ssl.client-auth=WANT", "--server.ssl.client-auth=want",
                "--jukinet.tls.directory=" + TestPki.directory());
    }

    @Test
    void withoutItsCertificatesTheNodeDoesNotStartAndNamesTheProperty(@TempDir Path empty) {
        assertStartRefused("jukinet.tls.directory", "--jukinet.tls.directory=" + empty);
    }

    @Test
    void anOutgoingClientWithoutTheNodesBundleStopsTheStart() {
        certificates();
        assertStartRefused("jukinet.outbox.ssl-bundle names no SSL bundle", "--jukinet.outbox.ssl-bundle=",
                "--jukinet.tls.directory=" + TestPki.directory());
    }

    @Test
    void withoutTheGatewaysPinnedCertificateTheNodeDoesNotStart(@TempDir Path elsewhere) {
        certificates();
        assertStartRefused("jukinet.tls.gateway-certificate", "--jukinet.tls.directory=" + TestPki.directory(),
                "--jukinet.tls.gateway-certificate=" + elsewhere.resolve("gateway.crt"));
    }

    @Test
    void theDevelopmentSwitchRefusesAnAddressThatIsNotLoopback() {
        assertStartRefused("server.address=0.0.0.0 is not loopback", SWITCH, "--server.address=0.0.0.0");
    }

    @Test
    void theDevelopmentSwitchListensOnLoopbackOnlyAndSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext node = start(SWITCH)) {
            InetAddress bound = (InetAddress) ((TomcatWebServer) ((ServletWebServerApplicationContext) node).getWebServer())
                    .getTomcat().getConnector().getProperty("address");
            assertThat(bound.getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(output).contains("WARN").contains("jukinet.security.plain-http-for-development=true: plain HTTP on "
                    + "127.0.0.1 with no certificates");
            RestClient local = RestClient.builder().baseUrl("http://127.0.0.1:" + port(node))
                    .defaultStatusHandler(status -> true, (request, response) -> { }).build();
            assertThat(local.get().uri("/actuator/health").retrieve().toEntity(Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            assertThat(local.get().uri("/api/v1/prefectures/13/provision-rules").retrieve().toEntity(String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    /** The node's certificate and the gateway's, which the node pins, in the test CA's directory. */
    private static void certificates() {
        TestPki.certificate("pref-13");
        TestPki.certificate("gateway");
    }

    private static void assertStartRefused(String naming, String... arguments) {
        assertThatThrownBy(() -> start(arguments).close()).satisfies(e -> assertThat(causes(e)).contains(naming));
    }

    /** The node as {@code java -jar} starts it, on a database of its own and any free port. */
    private static ConfigurableApplicationContext start(String... arguments) {
        TestDatabase database = TestPostgres.createDatabase("pref_fail_closed");
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                // its provision-chain head keys (issue #15): this test is about transport, not about them
                "--jukinet.provision.heads.key-directory=classpath:provision-heads-test/"));
        all.addAll(List.of(arguments));
        return PrefectureApplication.application().run(all.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((ServletWebServerApplicationContext) node).getWebServer().getPort();
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
