package jp.jukinet.service.security;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
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
 * SSL health check, and
 * {@code server.address=127.0.0.1} when none is set. The checks are {@link TransportSecurity}'s.
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
        if (!isOn(environment)) {
            return;
        }
        Map<String, Object> implied = new HashMap<>();
        implied.put("server.ssl.enabled", "false");
        implied.put("management.health.ssl.enabled", "false");
        // the node's bundle without files, so that nothing (health, metrics) reads certificates a developer need not have
        implied.put("spring.ssl.bundle.pem.node.keystore.certificate", "");
        implied.put("spring.ssl.bundle.pem.node.keystore.private-key", "");
        implied.put("spring.ssl.bundle.pem.node.truststore.certificate", "");
        implied.put("jukinet.outbox.ssl-bundle", "");
        implied.put("jukinet.peers.ssl-bundle", "");
        if (!environment.containsProperty("server.address")) {
            implied.put("server.address", "127.0.0.1");
        }
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, implied));
    }

    /** After the configuration files are read, so the switch may be set in any of them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
