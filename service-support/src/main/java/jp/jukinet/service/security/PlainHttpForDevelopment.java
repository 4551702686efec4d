package jp.jukinet.service.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * The one way to run a node without mutual TLS: {@value #PROPERTY}{@code =true}, for a developer's
 * machine and the modules' own tests. Nothing else turns TLS or the caller checks off — no profile,
 * no missing property. With the switch the node serves plain HTTP on loopback only (a
 * {@code server.address} that is not loopback stops the start), says so in a WARN at start, and
 * takes the caller's identity from {@code X-JukiNet-Caller}: any local process may name itself.
 *
 * <p>This post-processor only sets what the switch implies, above every other source: the server
 * without TLS, the outgoing clients without the node's SSL bundle and that bundle without files, no
 * SSL health check. The checks, and loopback where no {@code server.address} is set, are
 * {@link TransportSecurity}'s.
 */
public class PlainHttpForDevelopment implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "jukinet.security.plain-http-for-development";

    static final String SOURCE = "jukinet-plain-http-for-development";

    /** Whether the switch is on; anything but {@code true} leaves mutual TLS on. */
    public static boolean isOn(PropertyResolver properties) {
        return "true".equalsIgnoreCase(properties.getProperty(PROPERTY, "false").trim());
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(new Implied(SOURCE, environment));
    }

    /**
     * What the switch implies, read when asked: a test may set the switch after this post-processor
     * ran (a dynamic property), and the implications follow the switch wherever it ends up. Where no
     * {@code server.address} is set, {@link TransportSecurity} binds to loopback.
     */
    private static final class Implied extends PropertySource<Map<String, String>> {

        private static final Map<String, String> IMPLIED = Map.of(
            "server.ssl.enabled", "false",
            "management.health.ssl.enabled", "false",
            // the node's bundle without files, so that nothing (health, metrics) reads certificates a developer need not have
            "spring.ssl.bundle.pem.node.keystore.certificate", "",
            "spring.ssl.bundle.pem.node.keystore.private-key", "",
            "spring.ssl.bundle.pem.node.truststore.certificate", "",
            "jukinet.outbox.ssl-bundle", "",
            "jukinet.peers.ssl-bundle", "",
            "jukinet.subscription.delivery.ssl-bundle", "");

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
}
