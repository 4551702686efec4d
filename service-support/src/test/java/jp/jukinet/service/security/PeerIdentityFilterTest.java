package jp.jukinet.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.testsupport.TestPki;

/**
 * The peer check on the certificates a TLS handshake verified (real certificates of the test CA,
 * handed to the filter as the container hands them over). The network tests make the same attacks
 * over real connections.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerIdentityFilterTest {

    private static final String API = "/api/v1/national/provision-rules";

    /** allowed-peers as every backend ships: the gateway only. */
    private final PeerIdentityFilter backend = filter(List.of("gateway"));

    @Test
    void thePinnedGatewayPassesTheCallerItVerified() throws Exception {
        Outcome outcome = call(backend, "GET", API, certificate("gateway"), "agency-nenkin");
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.caller()).isEqualTo("agency-nenkin");
    }

    @Test
    void anotherCertificateNamedGatewayFromTheSameCaIsNotTheGateway(@TempDir Path sameCa) throws Exception {
        X509Certificate impostor = secondGateway(sameCa);
        assertThat(impostor.getSubjectX500Principal().getName()).contains("CN=gateway");

        Outcome outcome = call(backend, "GET", API, impostor, "agency-nenkin");
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.response().getStatus()).isEqualTo(403);
        assertThat(outcome.response().getContentAsString()).contains("not the gateway's pinned certificate");
        // even where every peer is allowed, that name is the gateway's alone, and its header is not believed
        assertThat(call(filter(List.of("*")), "GET", API, impostor, "agency-nenkin").passed()).isFalse();
    }

    @Test
    void anAllowedPeerThatIsNotTheGatewayIsItsOwnCallerWhateverItsHeaderSays() throws Exception {
        Outcome outcome = call(filter(List.of("gateway", "cs-13*")), "POST", "/internal/v1/notices",
                certificate("cs-131016"), "pref-13");
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.caller()).isEqualTo("cs-131016");
        assertThat(call(filter(List.of("gateway", "cs-13*")), "POST", "/internal/v1/notices", certificate("cs-271004"),
                null).passed()).isFalse();
    }

    @Test
    void noCertificateNoAllowedPeersOrNoCallerIsRefused() throws Exception {
        assertThat(call(backend, "GET", API, null, "agency-nenkin").passed()).isFalse();
        assertThat(call(backend, "GET", "/actuator/health", null, null).passed()).isFalse();
        assertThat(call(filter(List.of()), "GET", API, certificate("gateway"), "agency-nenkin").passed()).isFalse();
        assertThat(call(backend, "GET", API, certificate("gateway"), null).passed()).isFalse();
        assertThat(call(backend, "GET", API, certificate("gateway"), "Agency Nenkin").passed()).isFalse();
        assertThat(call(backend, "GET", API, certificate("agency-nenkin"), null).passed()).isFalse();
    }

    @Test
    void healthIsOpenToEveryCertifiedCallerAndTheOtherEndpointsToOperatorsOnly() throws Exception {
        assertThat(call(backend, "GET", "/actuator/health/readiness", certificate("agency-nenkin"), null).passed()).isTrue();
        assertThat(call(backend, "GET", "/v3/api-docs", certificate("resident-12345678906"), null).passed()).isTrue();
        assertThat(call(backend, "GET", "/actuator/metrics", certificate("operator-local"), null).passed()).isTrue();
        assertThat(call(backend, "GET", "/actuator/info", certificate("agency-nenkin"), null).passed()).isFalse();
        assertThat(call(backend, "GET", "/actuator", certificate("cs-131016"), null).passed()).isFalse();
        // the gateway cannot pass an operator: an operator calls a node directly
        assertThat(call(backend, "GET", "/actuator/metrics", certificate("gateway"), "operator-local").passed()).isFalse();
    }

    @Test
    void aPathIsJudgedWhereItLandsNotWhereItClaimsToStart() throws Exception {
        // Tomcat resolves dot segments for the handlers; the raw URI must not open the API through health
        MockHttpServletRequest request = request("GET", API, certificate("agency-nenkin"), null);
        request.setRequestURI("/actuator/health/../../api/v1/national/provision-rules");
        assertThat(run(backend, request).passed()).isFalse();
    }

    @Test
    void aRefusalIsLoggedWithoutTheValuesInItsPath(CapturedOutput output) throws Exception {
        assertThat(call(backend, "GET", "/api/v1/municipalities/131016/residents/12345678906",
                certificate("resident-12345678906"), null).passed()).isFalse();
        assertThat(output).contains("Refused GET /api/v1/municipalities/*/residents/* from resident-***")
                .doesNotContain("12345678906").doesNotContain("131016");
        assertThat(PeerIdentityFilter.masked("/internal/v1/municipalities/271004/moves/5b0c1c52-9f3e-4c1a-8d2b-0a1b2c3d4e5f/withdrawal"))
                .isEqualTo("/internal/v1/municipalities/*/moves/*/withdrawal");
    }

    @Test
    void underTheDevelopmentSwitchTheHeaderNamesTheCaller() throws Exception {
        PeerIdentityFilter development = new PeerIdentityFilter(new TlsSettings(null, null, List.of("gateway"), null), null, true);
        assertThat(call(development, "GET", API, null, "agency-nenkin").caller()).isEqualTo("agency-nenkin");
        assertThat(call(development, "GET", API, null, null).passed()).isFalse();
        assertThat(call(development, "GET", "/actuator/health", null, null).passed()).isTrue();
        assertThat(call(development, "GET", "/actuator/metrics", null, "agency-nenkin").passed()).isFalse();
        assertThat(call(development, "GET", "/actuator/metrics", null, "operator-local").passed()).isTrue();
    }

    private record Outcome(boolean passed, String caller, MockHttpServletResponse response) {
    }

    private static PeerIdentityFilter filter(List<String> allowedPeers) {
        TestPki.certificate("gateway");
        TlsSettings settings = new TlsSettings(TestPki.directory().toString(), "national", allowedPeers, null);
        return new PeerIdentityFilter(settings, GatewayPins.load(settings.gatewayCertificate()), false);
    }

    private static Outcome call(PeerIdentityFilter filter, String method, String path, X509Certificate certificate,
                                String callerHeader) throws Exception {
        return run(filter, request(method, path, certificate, callerHeader));
    }

    private static MockHttpServletRequest request(String method, String path, X509Certificate certificate,
                                                  String callerHeader) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        if (certificate != null) {
            request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] {certificate});
        }
        if (callerHeader != null) {
            request.addHeader(PeerIdentityFilter.CALLER_HEADER, callerHeader);
        }
        return request;
    }

    private static Outcome run(PeerIdentityFilter filter, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(chain.getRequest() != null, (String) request.getAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE),
                response);
    }

    private static X509Certificate certificate(String identity) throws Exception {
        return DevCertificateAuthority.readCertificate(TestPki.certificate(identity).certificate());
    }

    /** A certificate named gateway from the test CA, but not the one the backends pin. */
    static X509Certificate secondGateway(Path directory) throws Exception {
        Files.copy(TestPki.ca().caCertificatePath(), directory.resolve("ca.crt"));
        Files.copy(TestPki.directory().resolve("ca.key"), directory.resolve("ca.key"));
        return DevCertificateAuthority.readCertificate(
                DevCertificateAuthority.openOrCreate(directory).issue(new Identity("gateway")).certificate());
    }
}
