package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.testsupport.TestPki;

/**
 * Every node speaks only mutual TLS (1.3, or 1.2 with ECDHE and AEAD suites) with certificates of
 * the network's CA; the backends take connections only from the gateway, known by its pinned
 * certificate, and the identity a request is for is the one the gateway verified from the caller's
 * certificate. Only node certificates can serve TLS; only operators read a node's actuator.
 */
class TransportSecurityTest {

    private static LocalNetwork network;
    /** A "backend" that presents a resident's certificate: the gateway's route to cs-131130 leads to it. */
    private static ImpostorServer residentAsBackend;

    @BeforeAll
    static void start() throws Exception {
        residentAsBackend = new ImpostorServer("resident-12345678906");
        network = new LocalNetwork()
                .gatewayProperty("jukinet.gateway.nodes.cs-131130", "https://localhost:" + residentAsBackend.port())
                .national().prefecture("13").cs("131016").startAll();
    }

    @AfterAll
    static void stop() throws Exception {
        network.close();
        residentAsBackend.close();
    }

    @Test
    void backendsRefuseEveryPeerButTheGateway() {
        assertForbidden(postBatch("pref-13", "cs-131016", batchFrom("cs-131016", "131016")));
        assertForbidden(postBatch("national", "pref-13", batchFrom("pref-13", "131016")));
        assertForbidden(network.client("cs-131016", "clerk-131016").get()
                .uri("/api/v1/municipalities/131016/residents/" + ResidentCode.fromSerial(1_000_000_001L).value())
                .retrieve().toEntity(Map.class));
    }

    @Test
    void throughTheGatewayACsMaySendOnlyItsOwnNoticesToItsOwnPrefecture() {
        assertForbidden(postBatch("gateway", "cs-131016", batchFrom("cs-131130", "131130")));
        assertThat(postBatch("gateway", "cs-131130", batchFrom("cs-131130", "131130")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        // a CS of another prefecture is routed to its own prefecture, never to this one
        assertThat(postBatch("gateway", "cs-271004", batchFrom("cs-271004", "271004")).getStatusCode().is2xxSuccessful())
                .isFalse();
        assertThat(network.database("pref-13").sql("SELECT count(*) FROM inbound_progress WHERE source = 'cs-271004'")
                .query(Long.class).single()).isZero();
        assertForbidden(postBatch("gateway", "agency-nenkin", batchFrom("cs-131016", "131016")));
    }

    @Test
    void anyCertifiedCallerMayReadHealth() {
        assertThat(network.client("national", "agency-nenkin").get().uri("/actuator/health").retrieve()
                .toEntity(Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aCertificateOfAnotherCaOrNoCertificateFailsTheHandshake(@TempDir Path otherCa) {
        DevCertificateAuthority foreign = DevCertificateAuthority.openOrCreate(otherCa);
        for (String node : List.of("gateway", "pref-13")) {
            RestClient impostor = TestPki.client(network.baseUrl(node),
                    TestPki.bundle(foreign.issue(new Identity("cs-131016")), TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> impostor.get().uri("/actuator/health").retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class);
            RestClient anonymous = TestPki.client(network.baseUrl(node), TestPki.bundle(null, TestPki.ca().caCertificatePath()));
            assertThatThrownBy(() -> anonymous.get().uri("/actuator/health").retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class);
        }
    }

    @Test
    void thereIsNoPlainHttpListener() {
        for (String node : List.of("gateway", "national")) {
            RestClient plain = RestClient.builder().baseUrl(network.baseUrl(node).replace("https:", "http:"))
                    .defaultStatusHandler(status -> true, (request, response) -> { }).build();
            ResponseEntity<String> response = plain.get().uri("/actuator/health").retrieve().toEntity(String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getBody()).doesNotContain("UP");
        }
    }

    @Test
    void aSecondGatewayCertificateFromTheSameCaIsNotBelieved(@TempDir Path sameCa) throws Exception {
        IssuedCertificate impostor = secondGateway(sameCa);
        for (String node : List.of("national", "cs-131016")) {
            RestClient asImpostor = TestPki.client(network.baseUrl(node), TestPki.bundle(impostor, TestPki.ca().caCertificatePath()))
                    .mutate().defaultHeader("X-JukiNet-Caller", "agency-nenkin").build();
            assertForbidden(asImpostor.get().uri("/api/v1/national/provision-rules").retrieve().toEntity(Map.class));
        }
        RestClient impostorAsClerk = TestPki.client(network.baseUrl("cs-131016"),
                TestPki.bundle(impostor, TestPki.ca().caCertificatePath())).mutate()
                .defaultHeader("X-JukiNet-Caller", "clerk-131016").build();
        assertForbidden(impostorAsClerk.post().uri("/api/v1/municipalities/131016/notifications")
                .contentType(MediaType.APPLICATION_JSON).body(NoticeChainTest.birth("山田", "花子", "ヤマダ", "ハナコ"))
                .retrieve().toEntity(Map.class));
        assertThat(network.database("cs-131016").sql("SELECT count(*) FROM residents").query(Long.class).single()).isZero();
        // the pinned gateway, with the same header, is believed
        assertThat(TestPki.throughGateway(network.baseUrl("national"), "agency-nenkin").get()
                .uri("/api/v1/national/provision-rules").retrieve().toEntity(String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void aResidentsCertificateCannotServeAsABackend() throws Exception {
        int handshakesBefore = residentAsBackend.failedHandshakes();
        // the gateway's client to the backends: the clerk's notification never reaches the impostor
        ResponseEntity<Map> forwarded = network.client("gateway", "clerk-131130").post()
                .uri("/api/v1/municipalities/131130/notifications").contentType(MediaType.APPLICATION_JSON)
                .body(NoticeChainTest.birth("山田", "花子", "ヤマダ", "ハナコ")).retrieve().toEntity(Map.class);
        assertThat(forwarded.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        // a node's outgoing client, built as the nodes build theirs
        RestClient node = RestClient.builder().baseUrl("https://localhost:" + residentAsBackend.port())
                .requestFactory(jp.jukinet.service.web.HttpClientConfiguration.forNodes(ClientHttpRequestFactoryBuilder.httpComponents())
                        .build(HttpClientSettings.ofSslBundle(TestPki.bundle(TestPki.certificate("cs-131016"),
                                TestPki.ca().caCertificatePath()))))
                .build();
        assertThatThrownBy(() -> node.post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON).body("{}")
                .retrieve().toBodilessEntity()).isInstanceOf(ResourceAccessException.class)
                .rootCause().isInstanceOf(java.security.cert.CertificateException.class);
        // a plain JSSE client that checks no host name refuses it too: the certificate is not for serving
        assertThatThrownBy(() -> handshake(residentAsBackend.port(), "TLSv1.3", null))
                .isInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("Extended key usage does not permit use for TLS server authentication");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> residentAsBackend.failedHandshakes() >= handshakesBefore + 3);
        assertThat(residentAsBackend.requests()).isZero();
    }

    @Test
    void tls11AndCbcSuitesAreRefusedByTheGatewayAndTheNodes() {
        for (String node : List.of("gateway", "national", "cs-131016")) {
            int port = network.port(node);
            assertThatThrownBy(() -> handshake(port, "TLSv1.1", null)).as(node)
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("Received fatal alert");
            assertThatThrownBy(() -> handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).as(node)
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("Received fatal alert");
            assertThatThrownBy(() -> handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")).as(node)
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("Received fatal alert");
        }
    }

    @Test
    void tls13AndTls12WithAeadSuitesAreSpoken() throws Exception {
        for (String node : List.of("gateway", "national", "cs-131016")) {
            int port = network.port(node);
            assertThat(handshake(port, "TLSv1.3", null).getProtocol()).as(node).isEqualTo("TLSv1.3");
            SSLSession gcm = handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(gcm.getProtocol()).as(node).isEqualTo("TLSv1.2");
            assertThat(gcm.getCipherSuite()).as(node).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(handshake(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256").getCipherSuite())
                    .as(node).isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        }
    }

    @Test
    void aNodesActuatorBeyondHealthAnswersOnlyOperators() {
        TestPki.certificate("operator-local");
        for (String node : List.of("national", "pref-13", "cs-131016")) {
            for (String endpoint : List.of("/actuator/metrics", "/actuator/info", "/actuator")) {
                assertThat(network.client(node, "operator-local").get().uri(endpoint).retrieve().toEntity(String.class)
                        .getStatusCode()).as(node + endpoint).isEqualTo(HttpStatus.OK);
                for (String other : List.of("agency-nenkin", "clerk-131016", "cs-131016", "gateway")) {
                    assertForbidden(network.client(node, other).get().uri(endpoint).retrieve().toEntity(Map.class));
                }
                // the gateway cannot pass an operator on: an operator calls the node directly
                assertForbidden(TestPki.throughGateway(network.baseUrl(node), "operator-local").get().uri(endpoint)
                        .retrieve().toEntity(Map.class));
            }
            assertThat(network.client(node, "resident-12345678906").get().uri("/actuator/health/readiness").retrieve()
                    .toEntity(String.class).getStatusCode()).as(node).isEqualTo(HttpStatus.OK);
            assertThat(network.client(node, "agency-nenkin").get().uri("/v3/api-docs").retrieve()
                    .toEntity(String.class).getStatusCode()).as(node).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aPathThatClimbsOutOfHealthIsJudgedWhereItLands() {
        ResponseEntity<Map> climbed = network.client("national", "agency-nenkin").get()
                .uri(java.net.URI.create(network.baseUrl("national") + "/actuator/health/../../api/v1/national/provision-rules"))
                .retrieve().toEntity(Map.class);
        // Tomcat maps it to the provision API, which takes calls from the gateway only: an agency's direct call is refused
        assertForbidden(climbed);
    }

    /**
     * One TLS handshake with a plain JSSE client presenting an agency's certificate, offering only
     * {@code protocol} (and only {@code suite}, when given). The JDK's own ban on TLS 1.1 is lifted in
     * this JVM (network-tests/pom.xml), so that what refuses it is the server.
     */
    private static SSLSession handshake(int port, String protocol, String suite) throws Exception {
        SSLContext context = TestPki.bundle(TestPki.certificate("agency-nenkin"), TestPki.ca().caCertificatePath())
                .createSslContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession();
        }
    }

    /** A certificate named gateway from the test CA, but not the one the backends pin. */
    private static IssuedCertificate secondGateway(Path directory) throws java.io.IOException {
        Files.copy(TestPki.ca().caCertificatePath(), directory.resolve("ca.crt"));
        Files.copy(TestPki.directory().resolve("ca.key"), directory.resolve("ca.key"));
        return DevCertificateAuthority.openOrCreate(directory).issue(new Identity("gateway"));
    }

    /** A TLS server presenting some identity's certificate; counts the handshakes that failed and the requests that arrived. */
    static final class ImpostorServer implements AutoCloseable {

        private final SSLServerSocket listener;
        private final AtomicInteger failedHandshakes = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread acceptor;

        ImpostorServer(String identity) throws Exception {
            SSLContext context = TestPki.bundle(TestPki.certificate(identity), TestPki.ca().caCertificatePath()).createSslContext();
            listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    java.net.InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (SSLSocket socket = (SSLSocket) listener.accept()) {
                        socket.setSoTimeout(10_000);
                        try {
                            socket.startHandshake();
                            if (socket.getInputStream().read() >= 0) {
                                requests.incrementAndGet();
                            }
                        } catch (java.io.IOException refused) {
                            failedHandshakes.incrementAndGet();
                        }
                    } catch (java.io.IOException closed) {
                        // the listener was closed
                    }
                }
            }, "impostor-" + identity);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int failedHandshakes() {
            return failedHandshakes.get();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(10_000);
        }
    }

    private static ResponseEntity<Map> postBatch(String node, String as, ChangeNoticeBatch batch) {
        return network.client(node, as).post().uri("/internal/v1/notices").contentType(MediaType.APPLICATION_JSON)
                .body(batch).retrieve().toEntity(Map.class);
    }

    static void assertForbidden(ResponseEntity<?> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
    }

    private static ChangeNoticeBatch batchFrom(String source, String lg) {
        LocalDate day = LocalDate.of(2026, 11, 20);
        IdentityInformation identity = new IdentityInformation(ResidentCode.random(new java.util.Random()),
                MyNumber.random(new java.util.Random()), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), day, Sex.FEMALE,
                new Address("東京都"), LocalGovernmentCode.of(lg), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, day, day));
        NodeId node = NodeId.of(source);
        return new ChangeNoticeBatch(node, List.of(ChangeNotice.of(UUID.randomUUID(), node, 1, Instant.now(), identity)));
    }
}
