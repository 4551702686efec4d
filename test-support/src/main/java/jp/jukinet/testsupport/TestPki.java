package jp.jukinet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.web.client.RestClient;

import jp.jukinet.pki.DevCertificateAuthority;
import jp.jukinet.pki.Identity;
import jp.jukinet.pki.IssuedCertificate;
import jp.jukinet.pki.TlsPolicy;

/**
 * The dev PKI of a test JVM: one CA in a temporary directory, certificates issued on demand, and
 * clients that present them (mutual TLS) the way the nodes do.
 */
public final class TestPki {

    private static DevCertificateAuthority ca;

    /** The test clients' threads, reused (Spring's JDK request factory would start one per request body). */
    private static final java.util.concurrent.ExecutorService CLIENT_THREADS = java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> {
                Thread thread = new Thread(runnable, "test-client");
                thread.setDaemon(true);
                return thread;
            });

    private TestPki() {
    }

    /** The JVM's CA, created on first use. */
    public static synchronized DevCertificateAuthority ca() {
        if (ca == null) {
            try {
                Path directory = Files.createTempDirectory("jukinet-pki");
                directory.toFile().deleteOnExit();
                ca = DevCertificateAuthority.openOrCreate(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ca;
    }

    /** The directory that holds {@code ca.crt} and every {@code <identity>.crt/.key}. */
    public static Path directory() {
        return ca().directory();
    }

    public static IssuedCertificate certificate(String identity) {
        return ca().ensureIssued(new Identity(identity));
    }

    /**
     * An SSL bundle presenting {@code own} (or no certificate) and trusting the CA in {@code caFile},
     * speaking the network's TLS ({@link TlsPolicy}) as the nodes do.
     */
    public static SslBundle bundle(IssuedCertificate own, Path caFile) {
        PemSslStoreDetails keyStore = own == null ? null
                : PemSslStoreDetails.forCertificate(uri(own.certificate())).withPrivateKey(uri(own.privateKey()));
        return SslBundle.of(new PemSslStoreBundle(keyStore, PemSslStoreDetails.forCertificate(uri(caFile))), null,
                SslOptions.of(TlsPolicy.CIPHERS.toArray(String[]::new), TlsPolicy.PROTOCOLS.toArray(String[]::new)));
    }

    /** A client of {@code baseUrl} that authenticates as {@code identity} (a client certificate of this CA). */
    public static RestClient client(String baseUrl, String identity) {
        return client(baseUrl, bundle(certificate(identity), ca().caCertificatePath()));
    }

    /**
     * A client of a node as the gateway calls it: the gateway's certificate, and the identity the
     * gateway verified in {@code X-JukiNet-Caller}. This is how agencies, residents and clerks
     * reach a backend in production.
     */
    public static RestClient throughGateway(String baseUrl, String caller) {
        return client(baseUrl, "gateway").mutate().defaultHeader("X-JukiNet-Caller", caller).build();
    }

    /**
     * For a {@code @DynamicPropertySource} of a module test that runs its node with mutual TLS, as
     * production does: turns off the development switch the module tests set, issues the node's
     * and the gateway's certificates (the node pins the gateway's) and points the node at this CA.
     */
    public static void registerNode(org.springframework.test.context.DynamicPropertyRegistry registry, String identity) {
        certificate(identity);
        certificate("gateway");
        registry.add("jukinet.security.plain-http-for-development", () -> "false");
        registry.add("jukinet.tls.directory", () -> directory().toString());
    }

    /** A client that answers every status (tests read the status themselves) over the given TLS settings. */
    public static RestClient client(String baseUrl, SslBundle bundle) {
        return RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().withExecutor(CLIENT_THREADS)
                        .build(HttpClientSettings.ofSslBundle(bundle)))
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    private static String uri(Path file) {
        return file.toUri().toString();
    }
}
