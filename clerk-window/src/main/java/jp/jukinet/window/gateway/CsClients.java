package jp.jukinet.window.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.window.WindowSettings;

/**
 * The window's clients of the gateway, one per municipality it serves, each presenting that
 * municipality's clerk certificate ({@code clerk-<lg>}): the gateway lets a clerk system reach its
 * own municipality's CS only, and the CS answers its own clerk system only. The keys are read once
 * at start, from files the browser never sees.
 */
@Component
public class CsClients {

    /** How long a CS may take to answer the window (a registration waits for numbering at J-LIS). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<LocalGovernmentCode, CsClient> clients = new LinkedHashMap<>();

    CsClients(WindowSettings settings) {
        for (LocalGovernmentCode lg : settings.served()) {
            SslBundle bundle = bundle(settings.tlsDirectory(), "clerk-" + lg.value());
            RestClient client = RestClient.builder()
                    .baseUrl(settings.gateway().toString())
                    .requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
                            // no automatic retry: a registration sent twice is the clerk's decision (same key)
                            .withHttpClientCustomizer(builder -> builder.disableAutomaticRetries())
                            .build(HttpClientSettings.ofSslBundle(bundle).withTimeouts(Duration.ofSeconds(5), READ_TIMEOUT)))
                    .build();
            clients.put(lg, new CsClient(lg, client));
        }
    }

    /**
     * The client of {@code lg}'s CS.
     *
     * @throws IllegalArgumentException when this window does not serve {@code lg} (a clerk's account
     *                                  names only a municipality the window serves)
     */
    public CsClient of(LocalGovernmentCode lg) {
        CsClient client = clients.get(lg);
        if (client == null) {
            throw new IllegalArgumentException("this window does not serve municipality " + lg.value());
        }
        return client;
    }

    private static SslBundle bundle(Path directory, String identity) {
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate(uri(directory, identity + ".crt"))
                .withPrivateKey(uri(directory, identity + ".key"));
        return SslBundle.of(new PemSslStoreBundle(key, PemSslStoreDetails.forCertificate(uri(directory, "ca.crt"))), null,
                SslOptions.of(null, new String[] {"TLSv1.3", "TLSv1.2"}));
    }

    private static String uri(Path directory, String file) {
        return directory.resolve(file).toUri().toString();
    }
}
