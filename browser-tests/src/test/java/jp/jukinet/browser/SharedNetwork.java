package jp.jukinet.browser;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import jp.jukinet.cluster.ClusterAccess;

/**
 * One local network for every browser test of the JVM (starting it takes a minute): the nodes, the
 * clerk's window and the resident's portal, with a small population, on ports found free when it starts
 * (a {@code ./jukinet} on this machine, or another test's server, may hold the default ones). Closed
 * when the JVM's tests end.
 */
final class SharedNetwork implements BeforeAllCallback {

    static final int POPULATION = 1_500;

    private static ClusterAccess network;

    @Override
    public void beforeAll(ExtensionContext context) {
        network(context);
    }

    static synchronized ClusterAccess network(ExtensionContext context) {
        if (network == null) {
            network = ClusterAccess.startOnFreePorts(POPULATION);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(SharedNetwork.class, network); // JUnit closes an AutoCloseable value when the root context ends
        }
        return network;
    }

    static ClusterAccess network() {
        if (network == null) {
            throw new IllegalStateException("the shared network is started by @ExtendWith(SharedNetwork.class)");
        }
        return network;
    }
}
