package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;


/**
 * The gateway's outbound route into the agency zone, over real mutual TLS with each caller's real
 * certificate: J-LIS's webhook reaches an agency endpoint the policy lists, carried with the
 * gateway's certificate; an agency (or anyone but J-LIS) cannot use the route, and J-LIS cannot
 * deliver to an endpoint the policy does not list.
 */
class WebhookGatewayTest {

    private static final String ROUTE = "/internal/v1/outbound/webhooks";

    private static Endpoint endpoint;
    private static LocalNetwork network;

    @BeforeAll
    static void start() throws IOException {
        endpoint = new Endpoint();
        network = new LocalNetwork()
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", "agency-nenkin")
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", endpoint.uri("/jukinet/events"))
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].description", "the test's receiver")
                .startAll();
    }

    @AfterAll
    static void stop() {
        network.close();
        endpoint.close();
    }

    @BeforeEach
    void forget() {
        endpoint.received.clear();
    }

    @Test
    void jLisReachesAListedEndpointThroughTheGatewayWithTheGatewaysCertificate() {
        ResponseEntity<String> answer = deliver("national", endpoint.uri("/jukinet/events"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(endpoint.received).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/jukinet/events");
            assertThat(request.peer()).isEqualTo("gateway");
            assertThat(request.caller()).isEqualTo("national");
            assertThat(request.body()).isEqualTo("{\"events\":[]}");
            assertThat(request.signature()).isEqualTo("jukinet=:c2ln:");
        });
    }

    @Test
    void anAgencyOrAnyOtherCallerCannotUseTheOutboundRoute() {
        for (String caller : List.of("agency-nenkin", "pref-13", "cs-131016", "clerk-131016")) {
            ResponseEntity<String> answer = deliver(caller, endpoint.uri("/jukinet/events"));
            assertThat(answer.getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody()).as(caller).contains("urn:jukinet:problem:forbidden");
        }
        assertThat(endpoint.received).isEmpty();
    }

    @Test
    void jLisCannotDeliverToAnEndpointThePolicyDoesNotList() {
        for (String unlisted : List.of(endpoint.uri("/jukinet/other"), endpoint.uri("/jukinet/events?x=1"),
                "https://127.0.0.1:" + endpoint.port() + "/jukinet/events", "http://localhost:" + endpoint.port()
                        + "/jukinet/events", "https://attacker.example/jukinet/events", "not a uri")) {
            ResponseEntity<String> answer = deliver("national", unlisted);
            assertThat(answer.getStatusCode()).as(unlisted).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            assertThat(answer.getBody()).as(unlisted).contains("urn:jukinet:problem:unlisted-endpoint")
                    .contains("Endpoint not in the gateway policy");
        }
        ResponseEntity<String> none = network.client("gateway", "national").post().uri(ROUTE)
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(endpoint.received).isEmpty();
    }

    private static ResponseEntity<String> deliver(String caller, String target) {
        return network.client("gateway", caller).post().uri(ROUTE)
                .header("X-JukiNet-Webhook-Endpoint", target)
                .header("Signature", "jukinet=:c2ln:")
                .contentType(MediaType.APPLICATION_JSON).body("{\"events\":[]}").retrieve().toEntity(String.class);
    }

    /** An agency's endpoint: a server certificate of the dev CA, a client certificate required. */
    private static final class Endpoint implements AutoCloseable {

        record Received(String path, String peer, String caller, String body, String signature) {
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpsServer server;

        Endpoint() throws IOException {
            server = AgencyWebhookServer.mutualTls("webhook-agency-nenkin");
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    X509Certificate peer = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
                    String name = peer.getSubjectX500Principal().getName().replaceAll(".*CN=([^,]+).*", "$1");
                    received.add(new Received(exchange.getRequestURI().toString(), name,
                            exchange.getRequestHeaders().getFirst("X-JukiNet-Caller"),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            exchange.getRequestHeaders().getFirst("Signature")));
                    exchange.sendResponseHeaders(204, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String uri(String path) {
            return "https://localhost:" + port() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

}
