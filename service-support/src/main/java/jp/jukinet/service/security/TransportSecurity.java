package jp.jukinet.service.security;

import java.net.InetAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Checks at start that a node runs as {@link PlainHttpForDevelopment} says: without the switch, the
 * server requires a client certificate of the network's CA and every outgoing client presents the
 * node's; with it, the server listens on loopback only and a WARN says what the switch means. Any
 * other configuration stops the start with a message naming the property to fix.
 */
final class TransportSecurity implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);

    /** Outgoing clients: the property naming the SSL bundle, and the property that turns the client on. */
    private static final List<String[]> CLIENTS = List.of(
            new String[] {"jukinet.outbox.ssl-bundle", "jukinet.outbox.uplink"},
            new String[] {"jukinet.peers.ssl-bundle", "jukinet.peers.gateway"});

    private final Environment environment;
    private final SslBundles bundles;
    private final boolean plainHttpForDevelopment;

    TransportSecurity(Environment environment, SslBundles bundles) {
        this.environment = environment;
        this.bundles = bundles;
        this.plainHttpForDevelopment = PlainHttpForDevelopment.isOn(environment);
        if (!plainHttpForDevelopment) {
            for (String[] client : CLIENTS) {
                if (environment.containsProperty(client[1])) {
                    requireBundle(client[0], environment.getProperty(client[0]));
                }
            }
        }
        Integer managementPort = environment.getProperty("management.server.port", Integer.class);
        if (managementPort != null && managementPort > 0
                && !managementPort.equals(environment.getProperty("server.port", Integer.class))) {
            throw new IllegalStateException("management.server.port=" + managementPort + ": the actuator would listen "
                    + "outside the node's mutual TLS and peer check; leave it unset");
        }
    }

    boolean plainHttpForDevelopment() {
        return plainHttpForDevelopment;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        if (!(factory instanceof AbstractConfigurableWebServerFactory server)) {
            throw new IllegalStateException("cannot check the TLS settings of " + factory.getClass().getName());
        }
        if (plainHttpForDevelopment) {
            InetAddress address = server.getAddress();
            if (address == null) {
                address = InetAddress.getLoopbackAddress();
                server.setAddress(address);
            }
            if (!address.isLoopbackAddress()) {
                throw new IllegalStateException(PlainHttpForDevelopment.PROPERTY + "=true serves plain HTTP on loopback "
                        + "only, but server.address=" + address.getHostAddress() + " is not loopback");
            }
            server.setSsl(null);
            log.warn("{}=true: plain HTTP on {} with no certificates; the caller is whoever {} names, and any local "
                    + "process may name itself. For development only, never on a network.",
                    PlainHttpForDevelopment.PROPERTY, address.getHostAddress(), PeerIdentityFilter.CALLER_HEADER);
            return;
        }
        Ssl ssl = server.getSsl();
        if (!Ssl.isEnabled(ssl)) {
            throw new IllegalStateException("server.ssl.enabled=false: a node always serves mutual TLS (the only way "
                    + "off is " + PlainHttpForDevelopment.PROPERTY + "=true, for development)");
        }
        if (ssl.getClientAuth() != Ssl.ClientAuth.NEED) {
            throw new IllegalStateException("server.ssl.client-auth=" + ssl.getClientAuth()
                    + ": a node requires a client certificate of every caller (need)");
        }
        requireBundle("server.ssl.bundle", ssl.getBundle());
    }

    /** Runs after Spring Boot has applied {@code server.*}, so it sees what the server will do. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private void requireBundle(String property, String name) {
        if (!StringUtils.hasText(name)) {
            throw new IllegalStateException(property + " names no SSL bundle: with mutual TLS it must name the node's "
                    + "(node, from jukinet.tls.directory and jukinet.tls.identity)");
        }
        try {
            bundles.getBundle(name).createSslContext();
        } catch (RuntimeException e) {
            throw new IllegalStateException(property + "=" + name + ": the SSL bundle cannot be loaded (its files are "
                    + environment.getProperty("jukinet.tls.directory") + "/" + environment.getProperty("jukinet.tls.identity")
                    + ".crt, .key and ca.crt, from jukinet.tls.directory and jukinet.tls.identity): " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
