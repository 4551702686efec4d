package jp.jukinet.gateway.transport;

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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import jp.jukinet.gateway.GatewayApplication;
import jp.jukinet.testsupport.TestPki;

/**
 * The gateway's mutual TLS cannot be configured away: started as {@code java -jar} starts it (its
 * own {@code gateway.yaml}, no test configuration), only the named development switch serves plain
 * HTTP — on loopback, saying so.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailClosedTest {

    private static final String SWITCH = "--jukinet.security.plain-http-for-development=true";

    @Test
    void anUnknownProfileStillServesMutualTlsOnlyAndIgnoresACallerHeader() {
        TestPki.certificate("gateway");
        // a switch that is not exactly "true" is off, whatever Spring would read into it
        try (ConfigurableApplicationContext gateway = start("--spring.profiles.active=prod",
                "--jukinet.security.plain-http-for-development=yes", "--jukinet.tls.directory=" + TestPki.directory())) {
            String https = "https://localhost:" + port(gateway);
            RestClient plain = RestClient.builder().baseUrl(https.replace("https:", "http:"))
                    .defaultStatusHandler(status -> true, (request, response) -> { }).build();
            assertThat(plain.get().uri("/api/v1/national/provision-rules").header("X-JukiNet-Caller", "agency-nenkin")
                    .retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            RestClient anonymous = TestPki.client(https, TestPki.bundle(null, TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> anonymous.get().uri("/actuator/health").retrieve().toEntity(String.class))
                    .isInstanceOf(ResourceAccessException.class);
            // a clerk who names an agency stays a clerk: no route lets a clerk look people up
            ResponseEntity<String> clerk = TestPki.client(https, "clerk-131016").post().uri("/api/v1/national/lookups")
                    .header("X-JukiNet-Caller", "agency-nenkin").contentType(MediaType.APPLICATION_JSON).body("{}")
                    .retrieve().toEntity(String.class);
            assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    @Test
    void turningTlsOffWithoutTheSwitchStopsTheStart() {
        TestPki.certificate("gateway");
        assertStartRefused("server.ssl.enabled=false", "--server.ssl.enabled=false",
                "--jukinet.tls.directory=" + TestPki.directory());
        assertStartRefused("server.ssl.client-auth=WANT", "--server.ssl.client-auth=want",
                "--jukinet.tls.directory=" + TestPki.directory());
    }

    @Test
    void withoutItsCertificateTheGatewayDoesNotStartAndNamesTheProperty(@TempDir Path empty) {
        assertStartRefused("jukinet.tls.directory", "--jukinet.tls.directory=" + empty);
    }

    @Test
    void theDevelopmentSwitchRefusesAnAddressThatIsNotLoopback() {
        assertStartRefused("server.address=0.0.0.0 is not loopback", SWITCH, "--server.address=0.0.0.0");
    }

    @Test
    void theDevelopmentSwitchListensOnLoopbackOnlyAndSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext gateway = start(SWITCH)) {
            InetAddress bound = (InetAddress) ((TomcatWebServer) ((ServletWebServerApplicationContext) gateway).getWebServer())
                    .getTomcat().getConnector().getProperty("address");
            assertThat(bound.getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(output).contains("WARN").contains("jukinet.security.plain-http-for-development=true: plain HTTP on "
                    + "127.0.0.1 with no certificates");
            assertThat(RestClient.create("http://127.0.0.1:" + port(gateway)).get().uri("/actuator/health").retrieve()
                    .body(Map.class)).containsEntry("status", "UP");
        }
    }

    private static void assertStartRefused(String naming, String... arguments) {
        assertThatThrownBy(() -> start(arguments).close()).satisfies(e -> assertThat(causes(e)).contains(naming));
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        all.addAll(List.of(arguments));
        return GatewayApplication.application().run(all.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext gateway) {
        return ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
