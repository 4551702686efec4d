package jp.jukinet.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.testsupport.TestPki;

/**
 * The nodes' outgoing client as Spring Boot builds it with {@link HttpClientConfiguration}, against
 * an HTTPS server that requires a client certificate, as every node does.
 */
class HttpClientConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, HttpClientConfiguration.class));
    private final AtomicInteger unavailableCalls = new AtomicInteger();
    private HttpsServer server;

    @BeforeEach
    void mutualTlsServer() throws Exception {
        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestPki.bundle(TestPki.certificate("national"),
                TestPki.ca().caCertificatePath()).createSslContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        // answers with the client's port: the same port means the same connection
        server.createContext("/port", exchange -> answer(exchange, 200,
                Integer.toString(exchange.getRemoteAddress().getPort())));
        server.createContext("/unavailable", exchange -> {
            unavailableCalls.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 503, "try later");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aNodeReusesTheConnectionItOpenedWithItsCertificate() {
        context.run(beans -> {
            RestClient client = client(beans.getBean(ClientHttpRequestFactoryBuilder.class));
            String first = client.get().uri("/port").retrieve().body(String.class);
            String second = client.get().uri("/port").retrieve().body(String.class);
            String third = client.get().uri("/port").retrieve().body(String.class);
            assertThat(second).isEqualTo(first);
            assertThat(third).isEqualTo(first);
        });
    }

    @Test
    void aNodeDoesNotRetryBehindItsCallersBack() {
        context.run(beans -> {
            RestClient client = client(beans.getBean(ClientHttpRequestFactoryBuilder.class));
            int status = client.get().uri("/unavailable").retrieve()
                    .onStatus(code -> true, (request, response) -> { })
                    .toBodilessEntity().getStatusCode().value();
            assertThat(status).isEqualTo(503);
            assertThat(unavailableCalls).hasValue(1);
        });
    }

    @Test
    void springBootPicksApacheHttpClient() {
        context.run(beans -> assertThat(beans.getBean(ClientHttpRequestFactoryBuilder.class))
                .isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class));
    }

    private RestClient client(ClientHttpRequestFactoryBuilder<?> builder) {
        return RestClient.builder()
                .baseUrl("https://localhost:" + server.getAddress().getPort())
                .requestFactory(builder.build(HttpClientSettings.ofSslBundle(TestPki.bundle(TestPki.certificate("cs-131016"),
                        TestPki.ca().caCertificatePath()))))
                .build();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws java.io.IOException {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
