package jp.jukinet.cs.consistency;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.register.DigestSource;
import jp.jukinet.service.register.RegisterDigests;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CS's side of the consistency check (整合性確認, docs/architecture.md F8), asked by its own
 * prefecture server only, through the gateway: its digests of its municipality, one bucket's leaves,
 * and the repair — its current records of the residents named, sent again as RESYNC notices through
 * its ordinary outbox (so after whatever is in flight, idempotent by sequence at the receivers, and
 * recorded in {@code register_resyncs}). The caller the gateway verified
 * ({@link PeerIdentityFilter#CALLER_ATTRIBUTE}) must be {@code pref-} + this municipality's
 * prefecture (403), and the municipality asked about this CS's own (404, field lg), both checked
 * before anything is read.
 */
@RestController
@Tag(name = "consistency", description = "Register digests and repair for the consistency check between tiers (F8)")
class ConsistencyController {

    /** At most this many residents a repair request names (the check sends the differences of one municipality in parts). */
    static final int MAX_RESYNCS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ConsistencyController.class);

    private final CsSettings settings;
    private final NodeId self;
    private final RegisterDigests digests;
    private final ResidentRegister register;
    private final NoticeOutbox outbox;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ConsistencyController(CsSettings settings, NodeId self, RegisterDigests digests, ResidentRegister register,
                          NoticeOutbox outbox, org.springframework.jdbc.core.JdbcTemplate jdbc, JsonMapper json,
                          Clock clock) {
        this.settings = settings;
        this.self = self;
        this.digests = digests;
        this.register = register;
        this.outbox = outbox;
        this.jdbc = JdbcClient.create(jdbc);
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/internal/v1/municipalities/{lg}/register-digests")
    @Operation(summary = "This municipality's digest, record count and bucket digests at its CS",
            description = "Only for the municipality's prefecture server (403); 404 (field lg) for another municipality.")
    Map<String, Object> municipality(@PathVariable("lg") LocalGovernmentCode lg,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnPrefecture(lg, caller);
        return digests.answer(lg);
    }

    @GetMapping("/internal/v1/municipalities/{lg}/register-digests/buckets/{bucket}")
    @Operation(summary = "The leaves (residentCode, lastChangeId, status, changeIds) of one bucket of this municipality",
            description = "bucket: the first four digits of the resident code; 400 (field bucket) otherwise. Only for "
                    + "the municipality's prefecture server (403).")
    List<DigestSource.Leaf> bucket(@PathVariable("lg") LocalGovernmentCode lg, @PathVariable("bucket") String bucket,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnPrefecture(lg, caller);
        return digests.leaves(lg, bucket);
    }

    /** What the prefecture asks to be sent again. */
    record ResyncRequest(List<String> residentCodes) {
    }

    /**
     * What was sent: {@code sent} RESYNC notices, and {@code notHeld}, the codes this CS holds no
     * record of in its municipality (a record EXTRA at the upper tier: the CS cannot repair it by
     * sending its record; the check reports it for an operator, nothing is deleted).
     */
    record ResyncAnswer(int sent, List<String> notHeld) {
    }

    @PostMapping("/internal/v1/municipalities/{lg}/resyncs")
    @Transactional
    @Operation(summary = "Send this CS's current records of the named residents again, as RESYNC notices",
            description = "Only for the municipality's prefecture server (403); 404 (field lg) for another municipality; "
                    + "400 (field residentCodes) unless 1 to " + MAX_RESYNCS + " valid resident codes. A resident this CS "
                    + "holds no record of in its municipality is answered in notHeld, and nothing is sent for it.")
    ResyncAnswer resync(@PathVariable("lg") LocalGovernmentCode lg, @RequestBody ResyncRequest request,
            @RequestAttribute(name = PeerIdentityFilter.CALLER_ATTRIBUTE, required = true) String caller) {
        requireOwnPrefecture(lg, caller);
        if (request == null || request.residentCodes() == null || request.residentCodes().isEmpty()
                || request.residentCodes().size() > MAX_RESYNCS) {
            throw Refusal.invalid("residentCodes", "name 1 to " + MAX_RESYNCS + " resident codes");
        }
        List<String> codes = new ArrayList<>();
        for (String code : request.residentCodes()) {
            try {
                codes.add(ResidentCode.of(code).value());
            } catch (InvalidValueException e) {
                throw Refusal.invalid("residentCodes", "not a resident code: " + e.getMessage());
            }
        }
        Map<String, Object[]> held = new LinkedHashMap<>();
        // this CS's own records only (F10: it speaks for its municipality), locked so the record sent is
        // the one the outbox orders after any change of it in flight
        jdbc.sql("""
                        SELECT resident_code, identity::text, last_change_id FROM residents
                        WHERE resident_code = ANY(CAST(:codes AS bpchar[])) AND municipality = CAST(:m AS bpchar)
                        ORDER BY resident_code FOR UPDATE""")
                .param("codes", codes.stream().distinct().toArray(String[]::new))
                .param("m", settings.municipality().value())
                .query((row, n) -> held.put(row.getString(1).trim(),
                        new Object[] {row.getString(2), row.getObject(3, UUID.class)}))
                .list();
        Instant now = clock.instant();
        for (Map.Entry<String, Object[]> record : held.entrySet()) {
            IdentityInformation identity = json.readValue((String) record.getValue()[0], IdentityInformation.class);
            UUID resyncId = UUID.randomUUID();
            UUID lastChangeId = (UUID) record.getValue()[1];
            outbox.appendResync(resyncId, identity, lastChangeId, now);
            register.resyncSent(resyncId, self, now, identity.residentCode(), lastChangeId);
        }
        List<String> notHeld = codes.stream().distinct().filter(code -> !held.containsKey(code)).toList();
        log.info("Consistency repair of {}: {} records sent again as RESYNC, {} not held here", lg.value(),
                held.size(), notHeld.size());
        return new ResyncAnswer(held.size(), notHeld);
    }

    private void requireOwnPrefecture(LocalGovernmentCode lg, String caller) {
        if (!caller.equals("pref-" + settings.municipality().prefecture().value())) {
            throw Refusal.forbidden("only this municipality's prefecture server may ask for its digests or repair");
        }
        if (!lg.equals(settings.municipality())) {
            throw Refusal.notFound("lg", "this CS serves municipality " + settings.municipality().value());
        }
    }
}
