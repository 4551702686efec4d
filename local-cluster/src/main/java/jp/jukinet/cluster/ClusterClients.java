package jp.jukinet.cluster;

import java.nio.file.Path;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.web.client.RestClient;

import jp.jukinet.pki.TlsPolicy;

/**
 * Clients of the gateway that present a certificate from {@code var/pki}, as a clerk or an agency
 * would, speaking the network's TLS ({@link TlsPolicy}).
 */
final class ClusterClients {

    /** Reused threads: Spring's JDK request factory would otherwise start one per request body. */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> {
                Thread thread = new Thread(runnable, "cluster-client");
                thread.setDaemon(true);
                return thread;
            });

    private final Path pkiDirectory;
    private final String gatewayUrl;

    ClusterClients(Path pkiDirectory, String gatewayUrl) {
        this.pkiDirectory = pkiDirectory;
        this.gatewayUrl = gatewayUrl;
    }

    /** A client of the gateway presenting {@code identity}'s certificate and key (PEM files in the PKI directory). */
    RestClient as(String identity) {
        return RestClient.builder()
                .baseUrl(gatewayUrl)
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().withExecutor(THREADS)
                        .build(HttpClientSettings.ofSslBundle(bundle(identity))))
                .build();
    }

    SslBundle bundle(String identity) {
        PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate(uri(identity + ".crt"))
                .withPrivateKey(uri(identity + ".key"));
        return SslBundle.of(new PemSslStoreBundle(keyStore, PemSslStoreDetails.forCertificate(uri("ca.crt"))), null,
                SslOptions.of(TlsPolicy.CIPHERS.toArray(String[]::new), TlsPolicy.PROTOCOLS.toArray(String[]::new)));
    }

    private String uri(String file) {
        return pkiDirectory.resolve(file).toUri().toString();
    }
}
