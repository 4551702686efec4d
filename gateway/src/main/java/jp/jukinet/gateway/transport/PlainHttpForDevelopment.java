package jp.jukinet.gateway.transport;

import java.io.IOException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertyResolver;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one way to run the gateway without mutual TLS: {@value #PROPERTY}{@code =true}, for a
 * developer's machine and this module's tests (the backends have the same switch). Nothing else
 * turns TLS off — no profile, no missing property. With the switch the gateway serves plain HTTP on
 * loopback only ({@link TransportConfiguration} refuses a {@code server.address} that is not), says
 * so in a WARN at start, and takes the caller's identity from {@code X-JukiNet-Caller}: any local
 * process may name itself.
 *
 * <p>As a post-processor it sets what the switch implies, above every other source: the server
 * without TLS, the gateway's SSL bundle without files, no SSL health check.
 */
public class PlainHttpForDevelopment implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "jukinet.security.plain-http-for-development";

    /**
     * Request attribute with the caller a request names in {@code X-JukiNet-Caller}, set only under
     * the switch; the firewall takes it in place of a certificate's name.
     */
    public static final String CALLER_ATTRIBUTE = PlainHttpForDevelopment.class.getName() + ".caller";

    /** Whether the switch is on; anything but {@code true} leaves mutual TLS on. */
    public static boolean isOn(PropertyResolver properties) {
        return "true".equalsIgnoreCase(properties.getProperty(PROPERTY, "false").trim());
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(new Implied("jukinet-gateway-plain-http-for-development", environment));
    }

    /**
     * What the switch implies, read when asked: a test may set the switch after this post-processor
     * ran (a dynamic property), and the implications follow the switch wherever it ends up. Where no
     * {@code server.address} is set, {@link TransportConfiguration} binds to loopback.
     */
    private static final class Implied extends PropertySource<Map<String, String>> {

        private static final Map<String, String> IMPLIED = Map.of(
            "server.ssl.enabled", "false",
            "management.health.ssl.enabled", "false",
            // the node's bundle without files, so that nothing (health, metrics) reads certificates a developer need not have
            "spring.ssl.bundle.pem.node.keystore.certificate", "",
            "spring.ssl.bundle.pem.node.keystore.private-key", "",
            "spring.ssl.bundle.pem.node.truststore.certificate", "");

        /** Not this source's source: Spring Boot would walk an environment source as nested sources. */
        private final ConfigurableEnvironment environment;

        Implied(String name, ConfigurableEnvironment environment) {
            super(name, IMPLIED);
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            return IMPLIED.containsKey(name) && isOn(environment) ? IMPLIED.get(name) : null;
        }
    }

    /** After the configuration files are read, so the switch may be set in any of them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Under the switch only: the caller named in {@code X-JukiNet-Caller}, for the firewall. */
    static final class CallerFromHeader extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String caller = request.getHeader("X-JukiNet-Caller");
            // no well-formed caller named: none is set, and the firewall refuses the request as it would one without a certificate
            boolean named = caller == null ? false : caller.matches("[a-z0-9]+(-[a-z0-9]+)*");
            if (named) {
                request.setAttribute(CALLER_ATTRIBUTE, caller);
            }
            chain.doFilter(request, response);
        }
    }
}
