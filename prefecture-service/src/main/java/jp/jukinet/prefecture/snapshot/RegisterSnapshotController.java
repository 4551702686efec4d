package jp.jukinet.prefecture.snapshot;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.rebuild.SnapshotWriter;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this prefecture server holds, for the rebuild of J-LIS after the loss of its database
 * (F8, 全国サーバのバックアップ): {@code GET /internal/v1/prefectures/{pref}/snapshot}, only for the
 * national server ({@code national}, through the gateway) and only for this prefecture (403 naming
 * the field otherwise, from this node's own settings: F10).
 *
 * <p>The answer is NDJSON, written as it is read, in one {@code REPEATABLE READ} read-only
 * transaction, so every line is of one consistent state however long the stream runs, and memory
 * stays bounded (rows are fetched 1,000 at a time). Lines, each an object with {@code kind}:
 * <ol>
 *   <li>{@code head}: {@code prefecture}, {@code outboxHead} (the last sequence this server's
 *       outbox had numbered: every change in the snapshot whose notice has a sequence has one at or
 *       below it; a change numbered after it may still be in the snapshot, and J-LIS recognises its
 *       notice by its change id), {@code appliedThrough} (this server's {@code applied_through} per
 *       CS), {@code takenAt};</li>
 *   <li>{@code resident}: each current record ({@code residents}), {@code identity} as JSON text;</li>
 *   <li>{@code history}: each change recorded ({@code resident_history}), with {@code sequence}, the
 *       sequence of its notice in this server's outbox when numbered in the snapshot;</li>
 *   <li>{@code retired-code}: each resident code replaced by a change of resident code;</li>
 *   <li>{@code block}: each block of resident codes relayed to a municipality ({@code relayed_code_blocks});</li>
 *   <li>{@code end}: the counts of each kind. A stream without it was cut off and is not a snapshot.</li>
 * </ol>
 * With {@code ?part=head} only the head line is written, with {@code holdsData}: whether this
 * server holds any record or relayed block, or ever sent J-LIS a notice. A J-LIS that starts with an
 * empty register asks every prefecture this before it serves (it must not number as a new J-LIS
 * when the prefectures show it was not).
 *
 * <p>The lines carry personal data (the register itself); only J-LIS receives them, over mutual TLS
 * through the gateway, and nothing of them is logged here (counts only).
 */
@RestController
@Tag(name = "snapshot", description = "The register of this prefecture, for the rebuild of J-LIS (F8)")
class RegisterSnapshotController {

    static final String PATH = "/internal/v1/prefectures/{pref}/snapshot";
    static final String MEDIA_TYPE = SnapshotWriter.MEDIA_TYPE;

    private static final Logger log = LoggerFactory.getLogger(RegisterSnapshotController.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final PrefectureSettings settings;
    private final JsonMapper json;

    RegisterSnapshotController(DataSource dataSource, PlatformTransactionManager transactionManager,
                               PrefectureSettings settings, JsonMapper json) {
        this.jdbc = SnapshotWriter.fetching(dataSource);
        this.snapshot = SnapshotWriter.transactions(transactionManager);
        this.settings = settings;
        this.json = json;
    }

    @Operation(summary = "Stream this prefecture's register, for the rebuild of J-LIS",
            description = "NDJSON: head (outboxHead, appliedThrough per CS), resident, history, retired-code, block, end "
                    + "lines, all of one REPEATABLE READ transaction. Only for the national server; 403 (field pref) "
                    + "for another prefecture, (field caller) for any other caller.")
    @GetMapping(PATH)
    void snapshot(@PathVariable String pref, @RequestParam(name = "part", required = false) String part,
                  @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE) String caller,
                  HttpServletResponse response) throws IOException {
        if (!NodeId.national().value().equals(caller)) {
            log.warn("Refused the register snapshot to {}: only the national server may take it", caller);
            throw Refusal.forbidden("caller", caller + " may not take this prefecture's register");
        }
        if (!settings.prefecture().value().equals(pref)) {
            throw Refusal.forbidden("pref", "this server is prefecture " + settings.prefecture().value());
        }
        Map<String, Long> counts = SnapshotWriter.respond(response, part, jdbc, json, snapshot, this::head, out -> {
            out.register();
            out.lines("blocks", """
                    SELECT block_id, request_id, municipality, codes, relayed_at FROM relayed_code_blocks
                    ORDER BY relayed_at, block_id""",
                    row -> SnapshotWriter.block(row.getString("block_id"), row.getString("request_id"),
                            row.getString("municipality"), row.getArray("codes"), SnapshotWriter.instant(row, "relayed_at")));
        });
        if (counts != null) {
            log.info("Streamed the register snapshot of prefecture {} to {}: {}", pref, caller, counts);
        }
    }

    /** The head line; its first statement fixes the transaction's snapshot: every later one reads the same state. */
    private Map<String, Object> head(SnapshotWriter out) {
        long outboxHead = jdbc.queryForObject("SELECT last_sequence FROM notice_outbox_state WHERE id = 1", Long.class);
        Map<String, Long> appliedThrough = new LinkedHashMap<>();
        jdbc.query("SELECT source, applied_through FROM inbound_progress ORDER BY source",
                (RowCallbackHandler) row -> appliedThrough.put(row.getString(1), row.getLong(2)));
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("kind", "head");
        head.put("prefecture", settings.prefecture().value());
        head.put("outboxHead", outboxHead);
        head.put("appliedThrough", appliedThrough);
        head.put("takenAt", out.now());
        head.put("holdsData", outboxHead > 0 || jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM residents) OR EXISTS (SELECT 1 FROM relayed_code_blocks)""", Boolean.class));
        return head;
    }
}
