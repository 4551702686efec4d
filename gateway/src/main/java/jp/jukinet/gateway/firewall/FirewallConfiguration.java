package jp.jukinet.gateway.firewall;

import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.gateway.transport.PlainHttpForDevelopment;
import jp.jukinet.gateway.transport.TransportConfiguration;
import java.util.Map;

/**
 * One forwarding route for everything the firewall let through; where it goes was decided by the
 * policy (see {@code gateway-policy.yaml}). Towards the backends the gateway presents its own
 * certificate.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewayPolicy.class, OutboundPolicy.class, RevocationSettings.class})
class FirewallConfiguration {

    @Bean
    Firewall firewall(GatewayPolicy policy) {
        return new Firewall(policy);
    }

    @Bean
    FilterRegistrationBean<FirewallFilter> firewallFilter(Firewall firewall, OutboundPolicy outbound, GatewayPolicy policy,
                                                          RevocationList revocations, MeterRegistry meters) {
        FilterRegistrationBean<FirewallFilter> registration =
                new FilterRegistrationBean<>(new FirewallFilter(firewall, outbound, policy, revocations, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * The CA's revocation list, checked against the CAs the gateway trusts for its callers (the
     * trust store of its TLS bundle). Without that bundle the gateway takes no client certificates
     * (the development switch), and there is nothing to revoke.
     */
    @Bean
    RevocationList revocationList(RevocationSettings settings, SslBundles bundles, Environment environment)
            throws KeyStoreException {
        if (PlainHttpForDevelopment.isOn(environment) || !bundles.getBundleNames().contains("node")) {
            return RevocationList.none();
        }
        KeyStore trust = bundles.getBundle("node").getStores().getTrustStore();
        List<X509Certificate> issuers = new ArrayList<>();
        for (String alias : Collections.list(trust.aliases())) {
            if (trust.getCertificate(alias) instanceof X509Certificate certificate) {
                issuers.add(certificate);
            }
        }
        if (settings.revocationList() == null) {
            throw new IllegalStateException("jukinet.gateway.revocation-list is not set: the gateway must know where the "
                    + "CA's revocation list is (by default ${jukinet.tls.directory}/ca.crl)");
        }
        return new RevocationList(settings.revocationList(), settings.revocationRefresh(), issuers);
    }

    @Bean
    FullDuplexForward fullDuplexForward(Environment environment, SslBundles bundles) throws Exception {
        return new FullDuplexForward(TransportConfiguration.backendBundle(environment, bundles));
    }

    @Bean
    RouterFunction<ServerResponse> zoneCrossings(FullDuplexForward fullDuplex) {
        HandlerFunction<ServerResponse> proxy = http();
        return RouterFunctions.route()
                .route(RequestPredicates.path("/api/**").or(RequestPredicates.path("/internal/**")), request -> {
                    Firewall.Decision decision = (Firewall.Decision) request.attribute(FirewallFilter.DECISION_ATTRIBUTE)
                            .orElseThrow();
                    return decision.route().streaming() ? fullDuplex.forward(request, decision) : proxy.handle(request);
                })
                .before(request -> {
                    Firewall.Decision decision = (Firewall.Decision) request.attribute(FirewallFilter.DECISION_ATTRIBUTE)
                            .orElseThrow(() -> new IllegalStateException("a request passed the firewall without a decision"));
                    request.attributes().put(MvcUtils.GATEWAY_REQUEST_URL_ATTR, decision.targetUri());
                    request.attributes().put(MvcUtils.GATEWAY_ROUTE_ID_ATTR, decision.route().id());
                    if (OutboundPolicy.AGENCY_ENDPOINT.equals(decision.targetNode())) {
                        // out of the network the request goes to the endpoint's own path, not the route's
                        return ServerRequest.from(request).uri(decision.targetUri()).build();
                    }
                    return request;
                })
                .onError(error -> error instanceof org.springframework.web.client.ResourceAccessException
                        || error instanceof java.util.concurrent.ExecutionException
                        || error instanceof java.util.concurrent.TimeoutException, (error, request) ->
                        linesLimitExceeded(error)
                                // a streamed batch whose lines could not be throttled to the caller's rate
                                ? ServerResponse.status(429).header("Retry-After", "1")
                                        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                                        .body(Map.of("type", "urn:jukinet:problem:rate-limited", "title", "Too many requests",
                                                "status", 429, "detail", "the batch's lines exceed the caller's lines per "
                                                        + "second for longer than the gateway waits; send them more slowly"))
                                : ServerResponse.status(502).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                                        .body(Map.of("type", "urn:jukinet:problem:unavailable", "title", "Bad gateway",
                                                "status", 502, "detail", "the node this route leads to cannot be reached now")))
                .build();
    }

    private static boolean linesLimitExceeded(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallerLimits.LinesLimitExceeded) {
                return true;
            }
        }
        return false;
    }

    /**
     * The backends' client for ordinary routes: mutual TLS with the gateway's certificate (plain
     * HTTP only under the development switch). Apache HttpClient's classic client forwards on the
     * request's own thread (the JDK client handed every request to a body-writer thread and a
     * selector thread, and that switching cost the gateway more CPU than the forwarding). It does
     * not follow redirects, retry,
     * or decompress: the caller gets the backend's answer as it was. Connection state is not
     * tracked, so connections opened with the gateway's certificate are reused for every request;
     * the pool allows as many connections to a node as Tomcat has request threads. A pooled
     * connection idle for more than {@value #VALIDATE_AFTER_IDLE_MILLIS} ms is checked before it is
     * used again: a node that restarted closed it, and without the check the first request after
     * the restart went out on the dead connection and its caller got 502 (the gateway does not
     * retry, so a POST is never sent twice).
     */
    @Bean
    ClientHttpRequestFactory gatewayClientHttpRequestFactory(Environment environment, SslBundles bundles,
            @Value("${server.tomcat.threads.max:200}") int requestThreads) {
        SslBundle backends = TransportConfiguration.backendBundle(environment, bundles);
        HttpClientSettings settings = (backends != null ? HttpClientSettings.ofSslBundle(backends)
                : HttpClientSettings.defaults()).withRedirects(HttpRedirects.DONT_FOLLOW);
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(requestThreads)
                        .setMaxConnTotal(4 * requestThreads))
                .withConnectionConfigCustomizer(connection -> connection.setValidateAfterInactivity(
                        org.apache.hc.core5.util.TimeValue.ofMilliseconds(VALIDATE_AFTER_IDLE_MILLIS)))
                .withHttpClientCustomizer(client -> client.disableConnectionState().disableAutomaticRetries()
                        .disableContentCompression())
                .build(settings);
    }

    static final long VALIDATE_AFTER_IDLE_MILLIS = 100;
}
