package jp.jukinet.gateway.firewall;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Forwards a streamed batch (NDJSON in, NDJSON out) in both directions at once: the request body
 * is sent to the backend on the client's own thread while this thread copies the answers back as
 * they arrive. The generic proxy sends the whole body before it reads the answer; a backend that
 * answers while it reads would then wait on a gateway that is not reading, once the socket buffers
 * are full. Memory stays bounded by the buffers, whatever the size of the batch.
 */
class FullDuplexForward implements DisposableBean {

    /** Bytes read at once in each direction: reading a few lines at a time costs a TLS record and a chunk each. */
    private static final int BUFFER = 64 * 1024;

    private final HttpClient client;

    FullDuplexForward(SslBundle bundle) throws Exception {
        ClientConnector connector = new ClientConnector();
        if (bundle != null) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setSslContext(bundle.createSslContext());
            // the bundle's protocols and suites (TLS 1.3, 1.2 with ECDHE + AEAD), as every other client of the network
            if (bundle.getOptions().getEnabledProtocols() != null) {
                ssl.setIncludeProtocols(bundle.getOptions().getEnabledProtocols());
            }
            if (bundle.getOptions().getCiphers() != null) {
                ssl.setIncludeCipherSuites(bundle.getOptions().getCiphers());
            }
            connector.setSslContextFactory(ssl);
        }
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.start();
    }

    ServerResponse forward(ServerRequest request, Firewall.Decision decision) throws Exception {
        HttpServletRequest incoming = request.servletRequest();
        String query = incoming.getQueryString();
        URI target = decision.targetUri().resolve(incoming.getRequestURI() + (query == null ? "" : "?" + query));
        String contentType = incoming.getContentType();
        String accept = incoming.getHeader("Accept");
        String caller = incoming.getHeader(FirewallFilter.CALLER_HEADER);
        Request outgoing = client.newRequest(target)
                .method(incoming.getMethod())
                .idleTimeout(5, TimeUnit.MINUTES)
                .headers(headers -> {
                    if (accept != null) {
                        headers.put("Accept", accept);
                    }
                    headers.put(FirewallFilter.CALLER_HEADER, caller);
                })
                .body(new InputStreamRequestContent(contentType, incoming.getInputStream(), BUFFER));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        outgoing.send(listener);
        Response answer = listener.get(60, TimeUnit.SECONDS);
        return ServerResponse.status(HttpStatusCode.valueOf(answer.getStatus())).build((servletRequest, servletResponse) -> {
            String answerType = answer.getHeaders().get("Content-Type");
            if (answerType != null) {
                servletResponse.setContentType(answerType);
            }
            try (InputStream body = listener.getInputStream(); OutputStream out = servletResponse.getOutputStream()) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = body.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    if (body.available() == 0) {
                        out.flush(); // the client sees each answer as soon as the backend sent it
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void destroy() throws Exception {
        client.stop();
    }
}
