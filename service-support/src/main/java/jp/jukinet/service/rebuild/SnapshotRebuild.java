package jp.jukinet.service.rebuild;

import java.io.InputStream;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * A node's register rebuilt from the snapshots of the tier below after the loss of its database (F8):
 * J-LIS from the prefecture servers, a prefecture server from its CSs. The node is
 * {@code REBUILDING} ({@link RebuildStatus}) and answers 503 meanwhile.
 *
 * <p>While the node is {@code CHECKING} (an empty register at start), {@link #checkWhetherNew} asks
 * every source, through the gateway, for the head of its snapshot ({@code ?part=head}), every two
 * seconds until all have answered: one that holds data means this node was lost.
 *
 * <p>A run ({@link #start}, by an operator) loads, for each source not loaded yet, in one
 * transaction: its snapshot ({@link SnapshotReader}, the register lines through {@link RegisterLoad},
 * the node's own lines through its {@link SourceLoad}); {@code applied_through(source)} = the
 * source's outbox head at the snapshot (and its epoch, when the head carries one), so the source's
 * notices after the head apply normally when the node reopens; and a row of {@code rebuild_loads}. A
 * snapshot refused rolls its source back; the run stops there and can be started again (loaded
 * sources are not read twice). When every source is loaded, {@link #beforeFinish} and then, in one
 * transaction, {@link #finishAll} (one record per person, the node's own state) and the state
 * {@code REBUILT}; then the node serves.
 */
public abstract class SnapshotRebuild {

    /** How the last run went, for the operator. */
    public record Run(String outcome, Instant startedAt, Instant endedAt, String problem, Map<String, Object> restored) {
    }

    /** What a node does with one source's snapshot beyond its register lines. */
    protected interface SourceLoad {
        /** Checks the head is the source's own (throws otherwise). */
        void head(Map<String, Object> head);

        /**
         * Sees every line first: throws on a line the source may not hold (F10); takes the node's own kinds.
         *
         * @return true when it took the line (it is not a register line)
         */
        boolean line(String kind, Map<?, ?> line);

        /** After the end line, in the load's transaction. @return counts of its own to report */
        default Map<String, Object> finish(Map<String, Object> head) {
            return Map.of();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SnapshotRebuild.class);

    private final String node;
    private final RebuildStatus state;
    private final List<String> sources;
    private final RestClient gateway;
    protected final JdbcClient jdbc;
    protected final JdbcTemplate batches;
    protected final TransactionTemplate transactions;
    protected final JsonMapper json;

    private Thread running;
    private volatile Run last;
    private volatile boolean closed;

    /**
     * @param node    how logs and refusals name this node
     * @param gateway the gateway, with this node's client certificate; {@code null} when not configured
     */
    protected SnapshotRebuild(String node, RebuildStatus state, List<String> sources, RestClient gateway,
                              JdbcTemplate batches, TransactionTemplate transactions, JsonMapper json) {
        this.node = node;
        this.state = state;
        this.sources = List.copyOf(sources);
        this.gateway = gateway;
        this.jdbc = JdbcClient.create(batches);
        this.batches = batches;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * A client of the gateway at {@code base} with the node's certificate {@code sslBundle}, or
     * {@code null} when no gateway is configured (every rebuild is then refused).
     */
    protected static RestClient gatewayClient(URI base, String sslBundle, RestClient.Builder builder,
                                              ObjectProvider<RestClientSsl> ssl) {
        if (base == null) {
            return null;
        }
        RestClient.Builder client = builder.clone().baseUrl(base.toString());
        if (sslBundle != null && !sslBundle.isBlank()) {
            client.apply(ssl.getObject().fromBundle(sslBundle));
        }
        return client.build();
    }

    /** The path of the source's snapshot at the gateway. */
    protected abstract String snapshotPath(String source);

    /** The municipality a snapshot's history line's change names (its identity information's), or null. */
    protected String municipalityOf(String identity) {
        Object municipality = json.readValue(identity, Map.class).get("municipality");
        return municipality == null ? null : municipality.toString();
    }

    /** The node's part of loading one source. */
    protected abstract SourceLoad sourceLoad(String source);

    /** Every source loaded, in one transaction before the state is {@code REBUILT}. @return what was restored */
    protected abstract Map<String, Object> finishAll();

    /** Every source loaded, before {@link #finishAll}'s transaction; throws to fail the run. */
    protected void beforeFinish() {
    }

    /** After the node opened again. */
    protected void afterOpen() {
    }

    /**
     * While the node is {@code CHECKING}: asks every source, through the gateway, whether it holds
     * data (the head of its snapshot), every two seconds until all have answered. Runs in the
     * background once the node is ready.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void checkWhetherNew() {
        if (state.state() != RebuildStatus.State.CHECKING) {
            return;
        }
        Thread checker = new Thread(() -> {
            Set<String> answered = new HashSet<>();
            while (!closed && state.state() == RebuildStatus.State.CHECKING) {
                for (String source : sources) {
                    if (answered.contains(source)) {
                        continue;
                    }
                    try {
                        Boolean holds = holdsData(source);
                        if (holds == null) {
                            continue;
                        }
                        if (holds) {
                            state.checked(source);
                            return;
                        }
                        answered.add(source);
                    } catch (RuntimeException e) {
                        log.debug("{} has not answered whether it holds data: {}", source, e.getClass().getSimpleName());
                    }
                }
                if (answered.size() == sources.size()) {
                    state.checked(null);
                    return;
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rebuild-check");
        checker.setDaemon(true);
        checker.start();
    }

    /** Stops the check (the node is shutting down). */
    @PreDestroy
    public void close() {
        closed = true;
    }

    /** The source's {@code holdsData}, or {@code null} when it did not answer with its head. */
    private Boolean holdsData(String source) {
        return gateway.get().uri(snapshotPath(source) + "?part=head")
                .exchange((request, response) -> {
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        return null;
                    }
                    Map<?, ?> head = json.readValue(response.getBody().readAllBytes(), Map.class);
                    return Boolean.TRUE.equals(head.get("holdsData"));
                });
    }

    public Run last() {
        return last;
    }

    public RebuildStatus state() {
        return state;
    }

    /** Waits for the run started last, if any, to end (for tests: the run is in the background). */
    public void awaitRun() throws InterruptedException {
        Thread run;
        synchronized (this) {
            run = running;
        }
        if (run != null) {
            run.join();
        }
    }

    public synchronized boolean isRunning() {
        return running != null && running.isAlive();
    }

    /** The sources loaded (outbox head, counts), for the operator. */
    public List<Map<String, Object>> loads() {
        return jdbc.sql("""
                SELECT source, outbox_head, residents, history, retired_codes, blocks, loaded_at
                FROM rebuild_loads ORDER BY source""").query().listOfRows();
    }

    /**
     * Starts the rebuild in the background (the caller polls {@link #last}).
     *
     * @return why it cannot start, or {@code null} when it started
     */
    public synchronized String start(String operator) {
        if (isRunning()) {
            return "a rebuild is running";
        }
        if (sources.isEmpty() || gateway == null) {
            return "the rebuild's sources and gateway must be configured";
        }
        if (!state.enter()) {
            return "the register is not empty: a rebuild starts from an empty register (a lost database created again)";
        }
        Instant started = Instant.now();
        last = new Run("RUNNING", started, null, null, Map.of());
        running = new Thread(() -> run(started), "rebuild");
        running.setDaemon(true);
        running.start();
        log.warn("Operator {} started the rebuild of {} from {}", operator, node, sources);
        return null;
    }

    private void run(Instant started) {
        try {
            for (String source : sources) {
                boolean loaded = jdbc.sql("SELECT EXISTS (SELECT 1 FROM rebuild_loads WHERE source = :source)")
                        .param("source", source).query(Boolean.class).single();
                if (!loaded) {
                    load(source);
                }
            }
            beforeFinish();
            Map<String, Object> restored = transactions.execute(status -> {
                Map<String, Object> result = finishAll();
                state.finish();
                return result;
            });
            state.open();
            last = new Run("REBUILT", started, Instant.now(), null, restored);
            log.info("Rebuilt the register of {}: {}", node, restored);
            afterOpen();
        } catch (RuntimeException e) {
            // the problem names what failed (no personal data: the snapshots' values are not in these messages)
            log.error("The rebuild of {} stopped: {}", node, e.toString());
            last = new Run("FAILED", started, Instant.now(), e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
        }
    }

    private void load(String source) {
        Map<String, Object> counts = gateway.get().uri(snapshotPath(source))
                .exchange((request, response) -> {
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new IllegalStateException(source + " answered the snapshot with " + response.getStatusCode());
                    }
                    InputStream body = response.getBody();
                    return transactions.execute(status -> loadSnapshot(source, body));
                });
        log.info("Loaded the register of {}: {}", source, counts);
    }

    private Map<String, Object> loadSnapshot(String source, InputStream body) {
        SourceLoad own = sourceLoad(source);
        RegisterLoad register = new RegisterLoad(batches, source);
        SnapshotReader.Snapshot snapshot = SnapshotReader.read(source, body, json, new SnapshotReader.Lines() {
            @Override
            public void head(Map<String, Object> head) {
                own.head(head);
            }

            @Override
            public void line(String kind, Map<?, ?> line) {
                if (!own.line(kind, line) && !register.accept(kind, line)) {
                    throw new IllegalStateException("the snapshot of " + source + " has a line of unknown kind " + kind);
                }
            }
        });
        register.flush();
        Map<String, Object> head = snapshot.head();
        long outboxHead = ((Number) head.get("outboxHead")).longValue();
        jdbc.sql("""
                INSERT INTO inbound_progress (source, applied_through, epoch) VALUES (:source, :head, CAST(:epoch AS uuid))
                ON CONFLICT (source) DO UPDATE SET applied_through = greatest(inbound_progress.applied_through, :head),
                                                   epoch = coalesce(EXCLUDED.epoch, inbound_progress.epoch)""")
                .param("source", source).param("head", outboxHead)
                .param("epoch", head.get("epoch") == null ? null : String.valueOf(head.get("epoch"))).update();
        Map<String, Long> counts = snapshot.counts();
        jdbc.sql("""
                INSERT INTO rebuild_loads (source, outbox_head, applied_through, taken_at, residents, history,
                                           retired_codes, blocks, loaded_at)
                VALUES (:source, :head, CAST(:appliedThrough AS jsonb), CAST(:takenAt AS timestamptz), :residents,
                        :history, :retired, :blocks, :now)""")
                .param("source", source).param("head", outboxHead)
                .param("appliedThrough", json.writeValueAsString(Objects.requireNonNullElse(head.get("appliedThrough"), Map.of())))
                .param("takenAt", String.valueOf(head.get("takenAt")))
                .param("residents", counts.get("residents")).param("history", counts.get("history"))
                .param("retired", counts.get("retiredCodes")).param("blocks", counts.get("blocks"))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        Map<String, Object> loaded = new LinkedHashMap<>(counts);
        loaded.putAll(own.finish(head));
        loaded.put("outboxHead", outboxHead);
        return loaded;
    }
}
