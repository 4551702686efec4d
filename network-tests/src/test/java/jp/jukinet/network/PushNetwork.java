package jp.jukinet.network;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPki;

/**
 * The test network as the push-notification benchmark drives it: the gateway, whose outbound
 * webhook route lists one endpoint of agency-nenkin, and the national server with its webhook
 * delivery loop, all in the benchmark's JVM ({@link LocalNetwork}). agency-nenkin gets the
 * benchmark's own gateway limits ({@link ProvisionNetwork#BENCHMARK_AGENCY_LIMITS}).
 */
public final class PushNetwork implements AutoCloseable {

    private final LocalNetwork network;

    private PushNetwork(LocalNetwork network) {
        this.network = network;
    }

    /** Starts the gateway and the national server; {@code endpoint} is the one webhook endpoint the gateway may reach. */
    public static PushNetwork start(String endpoint) {
        LocalNetwork network = new LocalNetwork();
        ProvisionNetwork.BENCHMARK_AGENCY_LIMITS.forEach(network::gatewayProperty);
        network.gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].agency", "agency-nenkin")
                .gatewayProperty("jukinet.gateway.outbound.webhook-endpoints[0].uri", endpoint);
        network.national().startAll();
        return new PushNetwork(network);
    }

    /** A bean of the running national server. */
    public <T> T national(Class<T> type) {
        return network.bean("national", type);
    }

    /** A bean of the running gateway. */
    public <T> T gateway(Class<T> type) {
        return network.bean("gateway", type);
    }

    public JdbcClient nationalDatabase() {
        return network.database("national");
    }

    public TestDatabase nationalDatabaseSettings() {
        return network.nodeDatabase("national");
    }

    /** A client of the gateway with {@code identity}'s certificate (agency-nenkin, or national for the outbound route). */
    public RestClient throughGateway(String identity) {
        return network.client("gateway", identity);
    }

    /** A client straight to the national server, as the gateway calls it for {@code caller}. */
    public RestClient straightToNational(String caller) {
        return TestPki.throughGateway(network.baseUrl("national"), caller);
    }

    @Override
    public void close() {
        network.close();
    }
}
