package jp.jukinet.gateway.firewall;

import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * One forwarding route for everything the firewall let through; where it goes was decided by the
 * policy (see {@code gateway-policy.yaml}). Towards the backends the gateway presents its own
 * certificate.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayPolicy.class)
class FirewallConfiguration implements org.springframework.beans.factory.DisposableBean {

    @Bean
    Firewall firewall(GatewayPolicy policy) {
        return new Firewall(policy);
    }

    @Bean
    FilterRegistrationBean<FirewallFilter> firewallFilter(Firewall firewall, GatewayPolicy policy, MeterRegistry meters) {
        FilterRegistrationBean<FirewallFilter> registration =
                new FilterRegistrationBean<>(new FirewallFilter(firewall, policy, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FullDuplexForward fullDuplexForward(SslBundles bundles) throws Exception {
        return new FullDuplexForward(bundles.getBundleNames().contains("node") ? bundles.getBundle("node") : null);
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
                    return request;
                })
                .onError(error -> error instanceof org.springframework.web.client.ResourceAccessException
                        || error instanceof java.util.concurrent.ExecutionException
                        || error instanceof java.util.concurrent.TimeoutException, (error, request) ->
                        ServerResponse.status(502).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                                .body(Map.of("type", "urn:jukinet:problem:unavailable", "title", "Bad gateway",
                                        "status", 502, "detail", "the node this route leads to cannot be reached now")))
                .build();
    }

    /**
     * The backends' client: mutual TLS with the gateway's certificate when the node bundle exists.
     * The HTTP client gets an executor of its own: without one, Spring's JDK request factory writes
     * every request body on a new thread.
     */
    @Bean
    ClientHttpRequestFactory gatewayClientHttpRequestFactory(SslBundles bundles) {
        HttpClientSettings settings = bundles.getBundleNames().contains("node")
                ? HttpClientSettings.ofSslBundle(bundles.getBundle("node"))
                : HttpClientSettings.defaults();
        return ClientHttpRequestFactoryBuilder.jdk().withExecutor(forwarders).build(settings);
    }

    @Override
    public void destroy() {
        forwarders.shutdown();
    }

    private final java.util.concurrent.ExecutorService forwarders = java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> {
                Thread thread = new Thread(runnable, "gateway-forward");
                thread.setDaemon(true);
                return thread;
            });
}
