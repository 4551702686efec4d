package jp.jukinet.provision.heads;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The operator's view of this node's signed chain heads ({@code /actuator/provisionheads}): like
 * every actuator endpoint but health, only an operator certificate ({@code operator-*}) on a direct
 * connection reaches it; the gateway routes no actuator of a node.
 * <ul>
 *   <li>{@code GET /actuator/provisionheads}: checks this node's provision chain against the heads
 *       the other tiers hold ({@link HeadExchange#check}) and answers the {@link AnchorReport}, plus
 *       the conflicts this node holds about the others' chains; sets the meters.</li>
 *   <li>{@code POST /actuator/provisionheads}: exchanges heads now ({@link HeadExchange#exchange}):
 *       the outcome by peer.</li>
 *   <li>{@code GET /actuator/provisionheads/export}: the export an auditor verifies offline
 *       ({@link ChainExport}, NDJSON; checked by {@link OfflineChainVerifier}): this node signs its
 *       head for it and adds every head the other tiers hold of its chain.</li>
 * </ul>
 */
@Endpoint(id = "provisionheads")
public class ProvisionHeadsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ProvisionHeadsEndpoint.class);

    private final HeadExchange exchange;
    private final HeadStore store;
    private final HeadKeys keys;
    private final DataSource dataSource;
    private final Clock clock;

    public ProvisionHeadsEndpoint(HeadExchange exchange, HeadStore store, HeadKeys keys, DataSource dataSource,
                                  Clock clock) {
        this.exchange = exchange;
        this.store = store;
        this.keys = keys;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> check() {
        AnchorReport report = exchange.check();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("report", report);
        Map<String, Object> held = new TreeMap<>();
        for (String peer : exchange.peers()) {
            HeldHeads heads = store.held(peer, true);
            held.put(peer, Map.of("latestSeq", heads.heads().stream().mapToLong(SignedHead::seq).max().orElse(0),
                    "conflicts", heads.conflicts()));
        }
        answer.put("heldOfOthers", held);
        return answer;
    }

    @WriteOperation
    public Map<String, String> exchangeNow() {
        return exchange.exchange();
    }

    /** {@code export}: the chain's export as a file (NDJSON). */
    @ReadOperation(produces = "application/x-ndjson")
    public WebEndpointResponse<Resource> export(@Selector String what) {
        if (!what.equals("export")) {
            return new WebEndpointResponse<>(404);
        }
        try {
            Path file = Files.createTempFile("provision-chain-" + keys.node() + "-", ".ndjson");
            file.toFile().deleteOnExit();
            Map<String, List<SignedHead>> heads = new TreeMap<>(exchange.heldElsewhere());
            heads.put(keys.node(), List.of(exchange.sign(0)));
            long records;
            try (OutputStream out = Files.newOutputStream(file); Connection connection = dataSource.getConnection()) {
                records = ChainExport.write(new java.io.BufferedOutputStream(out, 1 << 16), connection, keys.node(),
                        clock.instant(), Map.of(keys.node(), keys.publicKey(keys.node()).orElseThrow()), heads);
            }
            log.info("Exported the provision chain of {}: {} records, heads held by {}", keys.node(), records, heads.keySet());
            return new WebEndpointResponse<>(new FileSystemResource(file), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the provision records for the export", e);
        }
    }
}
