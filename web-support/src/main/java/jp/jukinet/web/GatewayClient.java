package jp.jukinet.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.web.client.RestClient;

/**
 * A client of the gateway that presents one identity's certificate ({@code <identity>.crt} and {@code .key}
 * in a directory, PEM, beside the network's {@code ca.crt}), speaking TLS 1.3 or 1.2: how the window calls as a
 * municipality's clerk system and the portal as a resident. Apache HttpClient without automatic retries (a
 * request sent twice is the caller's decision, with the same Idempotency-Key).
 */
public final class GatewayClient {

    /** How long a node may take to answer (a registration waits for numbering at J-LIS). */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private GatewayClient() {
    }

    public static RestClient as(String identity, Path directory, URI gateway) {
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate(uri(directory, identity + ".crt"))
                .withPrivateKey(uri(directory, identity + ".key"));
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(uri(directory, "ca.crt"))),
                null, SslOptions.of(null, new String[] {"TLSv1.3", "TLSv1.2"}));
        return RestClient.builder()
                .baseUrl(gateway.toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
                        .withHttpClientCustomizer(builder -> builder.disableAutomaticRetries())
                        .build(HttpClientSettings.ofSslBundle(bundle).withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT)))
                .build();
    }

    private static String uri(Path directory, String file) {
        return directory.resolve(file).toUri().toString();
    }
}
