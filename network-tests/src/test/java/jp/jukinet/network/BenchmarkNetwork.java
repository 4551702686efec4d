package jp.jukinet.network;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.springframework.web.client.RestClient;

/** The test network as the benchmark drives it: national, prefecture 13 and its CSs. */
public final class BenchmarkNetwork implements AutoCloseable {

    private final LocalNetwork network;
    private final List<String> css;

    private BenchmarkNetwork(LocalNetwork network, List<String> css) {
        this.network = network;
        this.css = css;
    }

    /**
     * The clerks are the load generator (closed loops of 8 clients, as fast as the chain takes them):
     * their request rate is raised so that the benchmark measures the chain, not a clerk's limit. The
     * nodes keep the shipped figures, so a run also shows that the chain stays within them.
     */
    public static BenchmarkNetwork start(List<String> css) {
        LocalNetwork network = new LocalNetwork().national().prefecture("13");
        for (String lg : css) {
            network.gatewayProperty("jukinet.gateway.limits.per-caller.clerk-" + lg + ".requests-per-second",
                    Integer.getInteger("bench.clerk.requests-per-second", 1_000_000));
        }
        css.forEach(network::cs);
        return new BenchmarkNetwork(network.startAll(), css);
    }

    public RestClient clerk(String lg) {
        return network.client("cs-" + lg);
    }

    public void stop(String node) {
        network.stop(node);
    }

    public void start(String node) {
        network.start(node);
    }

    /** Requests the gateway refused for a limit (429), by caller class and limit; empty when none was. */
    public Map<String, Double> gatewayRefusals() {
        Map<String, Double> refusals = new java.util.TreeMap<>();
        network.bean("gateway", io.micrometer.core.instrument.MeterRegistry.class).find("jukinet.gateway.rate-limited")
                .counters().forEach(counter -> refusals.merge(counter.getId().getTag("class") + "/"
                        + counter.getId().getTag("limit"), counter.count(), Double::sum));
        return refusals;
    }

    public long nationalHistory() {
        return network.database("national").sql("SELECT count(*) FROM resident_history").query(Long.class).single();
    }

    /** Waits until the national server has {@code rows} history rows and every outbox is drained. */
    public void awaitNational(long rows, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> nationalHistory() >= rows
                && css.stream().allMatch(lg -> pending("cs-" + lg) == 0) && pending("pref-13") == 0);
    }

    private long pending(String node) {
        return network.database(node).sql("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL")
                .query(Long.class).single();
    }

    /** For every change committed at a CS since {@code since}: national recorded_at − CS recorded_at. */
    public List<Long> latenciesMillis(Instant since) {
        Map<UUID, Instant> committed = new HashMap<>();
        for (String lg : css) {
            network.database("cs-" + lg).sql("SELECT change_id, recorded_at FROM resident_history WHERE recorded_at >= :since")
                    .param("since", java.sql.Timestamp.from(since))
                    .query((row, n) -> committed.put(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant()))
                    .list();
        }
        return network.database("national").sql("SELECT change_id, recorded_at FROM resident_history WHERE recorded_at >= :since")
                .param("since", java.sql.Timestamp.from(since))
                .query((row, n) -> {
                    Instant at = committed.get(row.getObject(1, UUID.class));
                    return at == null ? null : Duration.between(at, row.getTimestamp(2).toInstant()).toMillis();
                })
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public void close() {
        network.close();
    }
}
