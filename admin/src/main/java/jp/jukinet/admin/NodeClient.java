package jp.jukinet.admin;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLException;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import jp.jukinet.pki.TlsPolicy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls one node's actuator directly (never through the gateway, which routes no actuator),
 * presenting the operator's certificate over the network's mutual TLS ({@link TlsPolicy}), with
 * Spring's {@link RestClient}. A node answers its actuator beyond health only to an
 * {@code operator-*} certificate on a direct connection (service-support's PeerIdentityFilter);
 * this client presents whichever identity it is given and lets the node decide.
 */
final class NodeClient {

    /** One answer of a node: its status and its JSON body (problem+json when refused). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's {@code detail}, or the body. */
        String detail() {
            if (body != null && body.has("detail")) {
                return body.get("detail").asString();
            }
            return body == null ? "(no body)" : body.toString();
        }
    }

    /** The node could not be asked, or refused the operator: exit {@link ExitCode#NODE}. */
    static final class NodeException extends RuntimeException {

        private final String node;
        private final String kind;

        NodeException(String node, String kind, String message, Throwable cause) {
            super(message, cause);
            this.node = node;
            this.kind = kind;
        }

        String node() {
            return node;
        }

        /** {@code UNREACHABLE}, {@code TLS}, {@code REFUSED}, {@code NOT_SERVED} or {@code FAILED}. */
        String kind() {
            return kind;
        }
    }

    /** Reused threads: Spring's JDK request factory would otherwise start one per request body. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "jukinet-admin-client");
        thread.setDaemon(true);
        return thread;
    });

    private final String node;
    private final URI url;
    private final RestClient client;
    private final JsonMapper json;

    NodeClient(String node, URI url, SslBundle bundle, Duration timeout, JsonMapper json) {
        this.node = node;
        this.url = url;
        this.json = json;
        this.client = RestClient.builder()
                .baseUrl(url.toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().withExecutor(THREADS)
                        .build(HttpClientSettings.ofSslBundle(bundle).withTimeouts(timeout, timeout)))
                .build();
    }

    /**
     * The operator's TLS material from {@code <pki>/<identity>.crt}, {@code .key} and
     * {@code <pki>/ca.crt} (PEM, as dev-pki writes them).
     *
     * @throws IllegalArgumentException when a file is missing (a usage error: nothing was sent)
     */
    static SslBundle bundle(Path pki, String identity) {
        Path certificate = pki.resolve(identity + ".crt");
        Path key = pki.resolve(identity + ".key");
        Path ca = pki.resolve("ca.crt");
        for (Path file : new Path[] {certificate, key, ca}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("there is no " + file + ": the operator's certificate, key and the "
                        + "network's CA certificate must be in --pki (issue one: jukinet-admin cert issue " + identity + ")");
            }
        }
        PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate(certificate.toUri().toString())
                .withPrivateKey(key.toUri().toString());
        return SslBundle.of(new PemSslStoreBundle(keyStore, PemSslStoreDetails.forCertificate(ca.toUri().toString())),
                null, SslOptions.of(TlsPolicy.CIPHERS.toArray(String[]::new), TlsPolicy.PROTOCOLS.toArray(String[]::new)));
    }

    String node() {
        return node;
    }

    URI url() {
        return url;
    }

    /**
     * {@code method path} on the node. Any status comes back as an {@link Answer} except a refusal
     * (401, 403) and a failure (5xx), which are {@link NodeException}s, as is a node that cannot be
     * reached or whose TLS handshake fails.
     */
    Answer call(HttpMethod method, String path, Object... variables) {
        Answer answer;
        try {
            answer = client.method(method).uri(path, variables).accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        byte[] bytes = response.getBody().readAllBytes();
                        JsonNode body = bytes.length == 0 ? null : parse(bytes);
                        return new Answer(response.getStatusCode().value(), body);
                    });
        } catch (ResourceAccessException e) {
            throw unreachable(e);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new NodeException(node, "REFUSED", node + " (" + url + ") refused the call (" + answer.status() + "): "
                    + answer.detail(), null);
        }
        if (answer.status() >= 500) {
            throw new NodeException(node, "FAILED", node + " (" + url + ") failed (" + answer.status() + "): "
                    + answer.detail(), null);
        }
        return answer;
    }

    /**
     * {@code GET path} written to {@code target} as it comes (a file that may be large: an export),
     * whole or not at all.
     *
     * @return the bytes written
     */
    long download(String path, java.nio.file.Path target) {
        try {
            return client.get().uri(path).accept(MediaType.ALL).exchange((request, response) -> {
                int status = response.getStatusCode().value();
                if (status != 200) {
                    byte[] bytes = response.getBody().readAllBytes();
                    String detail = bytes.length == 0 ? "(no body)" : new Answer(status, parse(bytes)).detail();
                    throw new NodeException(node, status == 401 || status == 403 ? "REFUSED" : status == 404 ? "NOT_SERVED" : "FAILED",
                            node + " (" + url + ") gave no " + path + " (" + status + "): " + detail, null);
                }
                return ChainCommands.write(response.getBody(), target);
            });
        } catch (ResourceAccessException e) {
            throw unreachable(e);
        }
    }

    /** Like {@link #call}, for an endpoint the node must serve: 404 means it does not (not exposed there). */
    Answer read(String path) {
        Answer answer = call(HttpMethod.GET, path);
        if (answer.status() == 404) {
            throw new NodeException(node, "NOT_SERVED", node + " (" + url + ") serves no " + path
                    + " (a node of another kind, or an older version)", null);
        }
        if (!answer.ok()) {
            throw new NodeException(node, "FAILED", node + " (" + url + ") answered " + answer.status() + ": "
                    + answer.detail(), null);
        }
        return answer;
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (RuntimeException notJson) {
            return json.getNodeFactory().stringNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private NodeException unreachable(ResourceAccessException e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = e; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            if (cause instanceof SSLException) {
                return new NodeException(node, "TLS", node + " (" + url + ") refused the TLS handshake: " + cause.getMessage()
                        + " (is the certificate one of this network's CA?)", e);
            }
        }
        String why = null;
        for (Throwable cause : chain) {
            if (cause instanceof ConnectException || cause instanceof java.nio.channels.ClosedChannelException) {
                why = "connection refused (is it running? is the port right?)";
                break;
            }
            if (cause instanceof HttpTimeoutException) {
                why = "timed out";
                break;
            }
            if (cause instanceof java.net.UnknownHostException) {
                why = "unknown host " + cause.getMessage();
                break;
            }
        }
        if (why == null) {
            Throwable root = chain.get(chain.size() - 1);
            why = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        }
        return new NodeException(node, "UNREACHABLE", node + " (" + url + ") is not reachable: " + why, e);
    }
}
