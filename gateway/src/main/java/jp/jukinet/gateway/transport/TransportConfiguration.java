package jp.jukinet.gateway.transport;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Checks at start that the gateway runs as {@link PlainHttpForDevelopment} says: without the switch
 * its server requires a client certificate of the network's CA and its client to the backends
 * presents the gateway's; with it, it listens on loopback only, says so in a WARN, and the caller
 * is named in {@code X-JukiNet-Caller}. Any other configuration stops the start, naming the property.
 */
@Configuration(proxyBeanMethods = false)
public class TransportConfiguration {

    /** The SSL bundle of the gateway's certificate: its server's, and its client's to the backends. */
    static final String BUNDLE = "node";

    private static final Logger log = LoggerFactory.getLogger(TransportConfiguration.class);

    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> transportCheck(Environment environment,
                                                                                 SslBundles bundles) {
        boolean development = PlainHttpForDevelopment.isOn(environment);
        return new Check(development, development ? null : environment, bundles);
    }

    /** Only where the switch is exactly {@code true}, as everywhere else (not Spring's "yes" or "on"). */
    @Bean
    FilterRegistrationBean<PlainHttpForDevelopment.CallerFromHeader> callerFromHeader(Environment environment) {
        FilterRegistrationBean<PlainHttpForDevelopment.CallerFromHeader> registration =
                new FilterRegistrationBean<>(new PlainHttpForDevelopment.CallerFromHeader());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.setEnabled(PlainHttpForDevelopment.isOn(environment));
        return registration;
    }

    /**
     * The bundle the gateway's client presents to the backends: none under the switch; else the
     * gateway's own, and a missing or unreadable one stops the start.
     */
    public static SslBundle backendBundle(Environment environment, SslBundles bundles) {
        return PlainHttpForDevelopment.isOn(environment) ? null
                : loaded(environment, bundles, BUNDLE, "the gateway's client to the backends");
    }

    private static SslBundle loaded(Environment environment, SslBundles bundles, String name, String user) {
        try {
            SslBundle bundle = bundles.getBundle(name);
            bundle.createSslContext();
            return bundle;
        } catch (RuntimeException e) {
            throw new IllegalStateException(user + " needs the SSL bundle " + name + " (spring.ssl.bundle.pem." + name
                    + ": " + environment.getProperty("jukinet.tls.directory") + "/" + environment.getProperty("jukinet.tls.identity")
                    + ".crt, .key and ca.crt, from jukinet.tls.directory and jukinet.tls.identity), which cannot be loaded: "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Runs after Spring Boot has applied {@code server.*}, so it sees what the server will do. */
    private record Check(boolean development, Environment environment, SslBundles bundles)
            implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableServletWebServerFactory factory) {
            if (!(factory instanceof AbstractConfigurableWebServerFactory server)) {
                throw new IllegalStateException("cannot check the TLS settings of " + factory.getClass().getName());
            }
            if (development) {
                InetAddress address = server.getAddress();
                if (address == null) {
                    address = InetAddress.getLoopbackAddress();
                    server.setAddress(address);
                }
                if (!address.isLoopbackAddress()) {
                    throw new IllegalStateException(PlainHttpForDevelopment.PROPERTY + "=true serves plain HTTP on "
                            + "loopback only, but server.address=" + address.getHostAddress() + " is not loopback");
                }
                server.setSsl(null);
                log.warn("{}=true: plain HTTP on {} with no certificates; the caller is whoever X-JukiNet-Caller "
                        + "names, and any local process may name itself. For development only, never on a network.",
                        PlainHttpForDevelopment.PROPERTY, address.getHostAddress());
                return;
            }
            Ssl ssl = server.getSsl();
            if (!Ssl.isEnabled(ssl)) {
                throw new IllegalStateException("server.ssl.enabled=false: the gateway always serves mutual TLS (the "
                        + "only way off is " + PlainHttpForDevelopment.PROPERTY + "=true, for development)");
            }
            if (ssl.getClientAuth() != Ssl.ClientAuth.NEED) {
                throw new IllegalStateException("server.ssl.client-auth=" + ssl.getClientAuth()
                        + ": the gateway requires a client certificate of every caller (need)");
            }
            if (!StringUtils.hasText(ssl.getBundle())) {
                throw new IllegalStateException("server.ssl.bundle names no SSL bundle: it must name the gateway's ("
                        + BUNDLE + ")");
            }
            loaded(environment, bundles, ssl.getBundle(), "server.ssl.bundle");
            Integer managementPort = environment.getProperty("management.server.port", Integer.class);
            if (managementPort != null && managementPort > 0 && managementPort != server.getPort()) {
                throw new IllegalStateException("management.server.port=" + managementPort + ": the actuator would "
                        + "listen outside the gateway's mutual TLS and caller checks; leave it unset");
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
