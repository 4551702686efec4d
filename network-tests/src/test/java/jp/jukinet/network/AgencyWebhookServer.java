package jp.jukinet.network;

import java.io.IOException;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.testsupport.TestPki;

/**
 * An agency's webhook endpoint as the tests and benchmarks run it: an HTTPS server on a free loopback port
 * with {@code identity}'s dev-CA certificate, requiring a client certificate of the same CA (the gateway's,
 * on the outbound route). The caller adds its contexts and starts it.
 */
public final class AgencyWebhookServer {

    private AgencyWebhookServer() {
    }

    public static HttpsServer mutualTls(String identity) throws IOException {
        SSLContext tls = TestPki.bundle(TestPki.certificate(identity), TestPki.ca().caCertificatePath()).createSslContext();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }
}
