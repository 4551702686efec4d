package jp.jukinet.cs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jp.jukinet.service.rebuild.SnapshotWriter;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this CS holds, for the rebuild of its prefecture server after the loss of its database (F8,
 * 都道府県サーバの再構築): {@code GET /internal/v1/municipalities/{lg}/snapshot}, only for this
 * municipality's own prefecture server ({@code pref-NN}, through the gateway, route
 * {@code cs-register-snapshot}) and only for this municipality (403 naming the field otherwise, from
 * this node's own settings: F10).
 *
 * <p>NDJSON in one {@code REPEATABLE READ} read-only transaction ({@link SnapshotWriter}):
 * <ol>
 *   <li>{@code head}: {@code municipality}, {@code outboxHead} (the last sequence this CS's outbox
 *       had numbered: the prefecture's {@code applied_through} for this CS after the rebuild; a change
 *       numbered after it may still be in the snapshot, and the prefecture recognises its notice by its
 *       change id), {@code epoch} (this CS's notice stream's), {@code takenAt};</li>
 *   <li>the register's {@code resident}, {@code history} (with the CS's outbox {@code sequence} and
 *       {@code previousMyNumber}) and {@code retired-code} lines;</li>
 *   <li>{@code block}: each block of resident codes this CS received (its pool,
 *       {@code resident_code_pool_blocks}), its codes in their order: the prefecture's copies of the
 *       blocks it relayed, from which a later rebuild of J-LIS learns what it had allocated. The CS
 *       does not keep the request id of a block: {@code requestId} is the block id;</li>
 *   <li>{@code end}: the counts of each kind.</li>
 * </ol>
 * With {@code ?part=head} only the head line, with {@code holdsData}: whether this CS holds a record
 * or a block of codes, or ever numbered a notice. A prefecture server that starts with an empty
 * register asks its CSs this before it serves.
 *
 * <p>The lines carry personal data (the register itself); only the prefecture receives them, over
 * mutual TLS through the gateway, and nothing of them is logged here (counts only).
 */
@RestController
@Tag(name = "snapshot", description = "This municipality's register, for the rebuild of its prefecture server (F8)")
class RegisterSnapshotController {

    static final String PATH = "/internal/v1/municipalities/{lg}/snapshot";

    private static final Logger log = LoggerFactory.getLogger(RegisterSnapshotController.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final CsSettings settings;
    private final JsonMapper json;

    RegisterSnapshotController(DataSource dataSource, PlatformTransactionManager transactionManager, CsSettings settings,
                               JsonMapper json) {
        this.jdbc = SnapshotWriter.fetching(dataSource);
        this.snapshot = SnapshotWriter.transactions(transactionManager);
        this.settings = settings;
        this.json = json;
    }

    @Operation(summary = "Stream this municipality's register, for the rebuild of its prefecture server",
            description = "NDJSON: head (outboxHead, epoch), resident, history, retired-code, block, end lines, all of "
                    + "one REPEATABLE READ transaction. Only for this municipality's prefecture server: 403 (field "
                    + "caller) for any other caller, (field lg) for another municipality.")
    @GetMapping(PATH)
    void snapshot(@PathVariable String lg, @RequestParam(name = "part", required = false) String part,
                  @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller,
                  HttpServletResponse response) throws IOException {
        String prefecture = "pref-" + settings.municipality().prefecture().value();
        if (!prefecture.equals(caller)) {
            log.warn("Refused the register snapshot of municipality {} to {}: only {} may take it",
                    settings.municipality().value(), caller, prefecture);
            throw Refusal.forbidden("caller", caller + " may not take this municipality's register");
        }
        if (!settings.municipality().value().equals(lg)) {
            throw Refusal.forbidden("lg", "this CS serves municipality " + settings.municipality().value());
        }
        Map<String, Long> counts = SnapshotWriter.respond(response, part, jdbc, json, snapshot, this::head, out -> {
            out.register();
            out.lines("blocks", """
                    SELECT b.block_id, b.allocated_at, array_agg(p.resident_code ORDER BY p.position) AS codes
                    FROM resident_code_pool_blocks b JOIN resident_code_pool p ON p.block_id = b.block_id
                    GROUP BY b.block_id, b.allocated_at, b.seq ORDER BY b.seq""",
                    // the CS keeps no request id of a block: the block id stands for it
                    row -> SnapshotWriter.block(row.getString("block_id"), row.getString("block_id"),
                            settings.municipality().value(), row.getArray("codes"),
                            SnapshotWriter.instant(row, "allocated_at")));
        });
        if (counts != null) {
            log.info("Streamed the register snapshot of municipality {} to {}: {}", lg, caller, counts);
        }
    }
    /** The head line; its first statement fixes the transaction's snapshot: every later one reads the same state. */
    private Map<String, Object> head(SnapshotWriter out) {
        Map<String, Object> state = jdbc.queryForMap("SELECT last_sequence, epoch::text AS epoch FROM notice_outbox_state WHERE id = 1");
        long outboxHead = ((Number) state.get("last_sequence")).longValue();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("kind", "head");
        head.put("municipality", settings.municipality().value());
        head.put("outboxHead", outboxHead);
        head.put("epoch", state.get("epoch"));
        head.put("takenAt", out.now());
        head.put("holdsData", outboxHead > 0 || jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM residents) OR EXISTS (SELECT 1 FROM resident_code_pool_blocks)""", Boolean.class));
        return head;
    }
}
