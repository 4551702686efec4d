package jp.jukinet.provision.subscription.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;

/**
 * An agency's webhook endpoint as the project tells agencies to build it: HTTPS with a server
 * certificate of the dev CA, a client certificate required, every request checked by the agency
 * kit's {@link WebhookVerifier} before anything is applied, the applied sequence kept per
 * subscription. It can be down (503, nothing applied) or lose its answers (applies, then 500, as
 * when the 2xx is lost on the way back).
 */
final class AgencyEndpoint implements AutoCloseable {

    enum Mode { UP, DOWN, LOSE_ANSWER_ONCE }

    /** What one subscription's receiver has seen. */
    static final class Receiver {
        final WebhookVerifier verifier;
        final List<Long> applied = new ArrayList<>();
        final List<Verification> verifications = new ArrayList<>();
        final List<WebhookRequest> requests = new ArrayList<>();
        volatile Mode mode = Mode.UP;
        int attempts;

        Receiver(WebhookVerifier verifier) {
            this.verifier = verifier;
        }

        long appliedThrough() {
            return applied.isEmpty() ? 0 : applied.get(applied.size() - 1);
        }

        synchronized int handle(WebhookRequest request) {
            attempts++;
            if (mode == Mode.DOWN) {
                return 503;
            }
            requests.add(request);
            Verification verification = verifier.verify(request, appliedThrough());
            verifications.add(verification);
            if (!(verification instanceof Verification.Verified verified)) {
                return 401;
            }
            verified.newEvents().stream().map(SubscriptionEvent::sequence).forEach(applied::add);
            if (mode == Mode.LOSE_ANSWER_ONCE) {
                mode = Mode.UP;
                return 500;
            }
            return 204;
        }
    }

    private final HttpsServer server;
    private final Map<UUID, Receiver> receivers = new ConcurrentHashMap<>();
    private final PublishedKeys keys;
    private final Clock clock;

    AgencyEndpoint(SSLContext tls, PublishedKeys keys, Clock clock) throws IOException {
        this.keys = keys;
        this.clock = clock;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/hooks/", this::handle);
        server.start();
    }

    /** The endpoint URI of {@code subscriptionId}, with its receiver. */
    URI register(UUID subscriptionId) {
        URI endpoint = URI.create("https://localhost:" + server.getAddress().getPort() + "/hooks/" + subscriptionId);
        receivers.put(subscriptionId, new Receiver(WebhookVerifier.of(keys, endpoint, subscriptionId, clock,
                Duration.ofMinutes(5))));
        return endpoint;
    }

    Receiver receiver(UUID subscriptionId) {
        return receivers.get(subscriptionId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Receiver receiver = receivers.get(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            int status = receiver == null ? 404 : receiver.handle(new WebhookRequest(exchange.getRequestMethod(), headers, body));
            exchange.sendResponseHeaders(status, -1);
            OutputStream out = exchange.getResponseBody();
            out.close();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
