package jp.jukinet.national.rebuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.national.numbering.RestoreNumbering;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds J-LIS's register from the prefecture servers after the loss of its database (F8,
 * 全国サーバのバックアップ), while it is {@code REBUILDING} ({@link RebuildState}) and answers 503.
 *
 * <p>For each prefecture of {@code jukinet.national.rebuild.sources} not loaded yet, in one
 * transaction: read its snapshot through the gateway (NDJSON, one repeatable-read state of the
 * prefecture, see the prefecture's {@code RegisterSnapshotController}); record its history rows
 * (as J-LIS records a notice of that prefecture: source {@code pref-NN}, the sequence of the
 * notice in its outbox when it had one), its retired resident codes, its current records (staged:
 * a person who moved between prefectures has a record at both) and its relayed resident-code blocks
 * ({@link RestoreNumbering#loadBlock}); set {@code applied_through(pref-NN)} to the prefecture's
 * outbox head at the snapshot, so its notices after the head apply normally when the inbox reopens
 * (a change in the snapshot whose notice was numbered after the head is recognised by its change id
 * and not recorded twice, see {@code NationalNotices}); and record the load in
 * {@code rebuild_loads}. A snapshot cut off (no {@code end} line, or other counts) or with a record
 * of another prefecture's municipality rolls its prefecture back; the rebuild stops there and can
 * be run again (loaded prefectures are not read twice).
 *
 * <p>When every prefecture is loaded, in one transaction: one current record per person (the
 * newest residence; none under a code replaced by a change of resident code), the numbering state
 * ({@link RestoreNumbering#restore}), and the state {@code REBUILT}; then J-LIS serves again.
 */
@Service
class NationalRebuild {

    /** How the last run went, for the operator. */
    record Run(String outcome, Instant startedAt, Instant endedAt, String problem, Map<String, Object> restored) {
    }

    private static final Logger log = LoggerFactory.getLogger(NationalRebuild.class);
    private static final int BATCH = 500;

    private final RebuildSettings settings;
    private final RebuildState state;
    private final RestoreNumbering numbering;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final RestClient gateway;

    private Thread running;
    private volatile Run last;

    NationalRebuild(RebuildSettings settings, RebuildState state, RestoreNumbering numbering, JdbcClient jdbc,
                    JdbcTemplate batches, PlatformTransactionManager transactionManager, JsonMapper json,
                    RestClient.Builder builder, ObjectProvider<RestClientSsl> ssl) {
        this.settings = settings;
        this.state = state;
        this.numbering = numbering;
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactionManager);
        this.json = json;
        RestClient.Builder client = builder.clone();
        if (settings.gateway() != null) {
            client.baseUrl(settings.gateway().toString());
        }
        if (settings.sslBundle() != null && !settings.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(settings.sslBundle()));
        }
        this.gateway = client.build();
    }

    private volatile boolean closed;

    /**
     * While J-LIS is {@code CHECKING} (empty register at start, see {@link RebuildState}): asks every
     * prefecture of the sources, through the gateway, whether it holds data (the head of its
     * snapshot), every two seconds until all have answered.
     */
    @EventListener(ApplicationReadyEvent.class)
    void checkWhetherNew() {
        if (state.state() != RebuildState.State.CHECKING) {
            return;
        }
        Thread checker = new Thread(() -> {
            Set<String> answered = new HashSet<>();
            while (!closed && state.state() == RebuildState.State.CHECKING) {
                for (String source : settings.sources()) {
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
                if (answered.size() == settings.sources().size()) {
                    state.checked(null);
                    return;
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "national-rebuild-check");
        checker.setDaemon(true);
        checker.start();
    }

    @PreDestroy
    void close() {
        closed = true;
    }

    /** The prefecture's {@code holdsData}, or {@code null} when it did not answer with its head. */
    private Boolean holdsData(String source) {
        String prefecture = source.substring("pref-".length());
        return gateway.get().uri("/internal/v1/prefectures/{pref}/snapshot?part=head", prefecture)
                .exchange((request, response) -> {
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        return null;
                    }
                    Map<?, ?> head = json.readValue(response.getBody().readAllBytes(), Map.class);
                    return Boolean.TRUE.equals(head.get("holdsData"));
                });
    }

    Run last() {
        return last;
    }

    /** Waits for the run started last, if any, to end (for tests: the run is in the background). */
    void awaitRun() throws InterruptedException {
        Thread run;
        synchronized (this) {
            run = running;
        }
        if (run != null) {
            run.join();
        }
    }

    synchronized boolean isRunning() {
        return running != null && running.isAlive();
    }

    /**
     * Starts the rebuild in the background (the caller polls {@link #last}).
     *
     * @return why it cannot start, or {@code null} when it started
     */
    synchronized String start(String operator) {
        if (isRunning()) {
            return "a rebuild is running";
        }
        if (settings.sources().isEmpty() || settings.gateway() == null) {
            return "jukinet.national.rebuild.sources and .gateway must name the prefecture servers and the gateway";
        }
        if (!state.enter()) {
            return "the register is not empty: a rebuild starts from an empty register (a lost database created again)";
        }
        Instant started = Instant.now();
        last = new Run("RUNNING", started, null, null, Map.of());
        running = new Thread(() -> run(started), "national-rebuild");
        running.setDaemon(true);
        running.start();
        log.warn("Operator {} started the rebuild of J-LIS from {}", operator, settings.sources());
        return null;
    }

    private void run(Instant started) {
        try {
            for (String source : settings.sources()) {
                boolean loaded = jdbc.sql("SELECT EXISTS (SELECT 1 FROM rebuild_loads WHERE source = :source)")
                        .param("source", source).query(Boolean.class).single();
                if (!loaded) {
                    load(source);
                }
            }
            Map<String, Object> restored = transactions.execute(status -> finish());
            state.open();
            last = new Run("REBUILT", started, Instant.now(), null, restored);
        } catch (RuntimeException e) {
            // the problem names what failed (no personal data: the snapshots' values are not in these messages)
            log.error("The rebuild of J-LIS stopped: {}", e.toString());
            last = new Run("FAILED", started, Instant.now(), e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
        }
    }

    private void load(String source) {
        PrefectureCode prefecture = PrefectureCode.of(source.substring("pref-".length()));
        Map<String, Object> counts = gateway.get()
                .uri("/internal/v1/prefectures/{pref}/snapshot", prefecture.value())
                .exchange((request, response) -> {
                    if (!response.getStatusCode().is2xxSuccessful()) {
                        throw new IllegalStateException(source + " answered the snapshot with " + response.getStatusCode());
                    }
                    InputStream body = response.getBody();
                    return transactions.execute(status -> loadSnapshot(source, prefecture, body));
                });
        log.info("Loaded the register of {}: {}", source, counts);
    }

    private Map<String, Object> loadSnapshot(String source, PrefectureCode prefecture, InputStream body) {
        Loader loader = new Loader(source, prefecture);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    Map<?, ?> parsed;
                    try {
                        parsed = json.readValue(line, Map.class);
                    } catch (RuntimeException e) {
                        // not the parser's message: it may quote the line, which holds personal data
                        throw new IllegalStateException("line " + number + " of the snapshot of " + source + " is not JSON");
                    }
                    loader.accept(parsed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the snapshot of " + source + " could not be read to its end", e);
        }
        return loader.finish();
    }

    /** One prefecture's snapshot, line by line, in the load's transaction. */
    private final class Loader {

        private final String source;
        private final PrefectureCode prefecture;
        private Map<String, Object> head;
        private Map<String, Object> end;
        private final Map<String, Long> counts = new LinkedHashMap<>(Map.of("residents", 0L, "history", 0L,
                "retiredCodes", 0L, "blocks", 0L));
        private final List<Object[]> residents = new ArrayList<>();
        private final List<Object[]> history = new ArrayList<>();
        private final List<Object[]> retired = new ArrayList<>();

        Loader(String source, PrefectureCode prefecture) {
            this.source = source;
            this.prefecture = prefecture;
        }

        void accept(Map<?, ?> line) {
            String kind = String.valueOf(line.get("kind"));
            if (head == null && !kind.equals("head")) {
                throw new IllegalStateException("the snapshot of " + source + " does not begin with its head");
            }
            if (end != null) {
                throw new IllegalStateException("the snapshot of " + source + " goes on after its end");
            }
            switch (kind) {
                case "head" -> {
                    if (head != null || !prefecture.value().equals(line.get("prefecture"))) {
                        throw new IllegalStateException("the snapshot of " + source + " has a second head or another prefecture's");
                    }
                    head = new LinkedHashMap<>();
                    line.forEach((k, v) -> head.put(String.valueOf(k), v));
                }
                case "resident" -> {
                    String municipality = text(line, "municipality");
                    if (!LocalGovernmentCode.of(municipality).prefecture().equals(prefecture)) {
                        throw new IllegalStateException("the snapshot of " + source + " holds a record of municipality "
                                + municipality + " of another prefecture");
                    }
                    residents.add(new Object[] {source, text(line, "residentCode"), text(line, "myNumber"),
                            text(line, "prefecture"), municipality, text(line, "normalizedName"), text(line, "dateOfBirth"),
                            text(line, "sex"), text(line, "status"), text(line, "identity"), text(line, "lastChangeId"),
                            text(line, "updatedAt"), text(line, "retentionUntil")});
                    counts.merge("residents", 1L, Long::sum);
                    if (residents.size() == BATCH) {
                        flushResidents();
                    }
                }
                case "history" -> {
                    Object sequence = line.get("sequence");
                    String identity = text(line, "identity");
                    // a change names the municipality it happened in; a prefecture records only its own
                    String municipality = text(json.readValue(identity, Map.class), "municipality");
                    if (!LocalGovernmentCode.of(municipality).prefecture().equals(prefecture)) {
                        throw new IllegalStateException("the snapshot of " + source + " holds a change of municipality "
                                + municipality + " of another prefecture");
                    }
                    history.add(new Object[] {text(line, "changeId"), text(line, "residentCode"), source,
                            sequence == null ? null : ((Number) sequence).longValue(), text(line, "reason"),
                            text(line, "effectiveDate"), text(line, "notifiedDate"), identity,
                            line.get("previousResidentCode"), text(line, "recordedAt"), text(line, "receivedOn"),
                            text(line, "retentionUntil"), prefecture.value()});
                    counts.merge("history", 1L, Long::sum);
                    if (history.size() == BATCH) {
                        flushHistory();
                    }
                }
                case "retired-code" -> {
                    retired.add(new Object[] {text(line, "retiredCode"), text(line, "currentCode"), text(line, "retiredAt")});
                    counts.merge("retiredCodes", 1L, Long::sum);
                    if (retired.size() == BATCH) {
                        flushRetired();
                    }
                }
                case "block" -> {
                    List<String> codes = ((List<?>) line.get("codes")).stream().map(String::valueOf).toList();
                    numbering.loadBlock(prefecture, UUID.fromString(text(line, "blockId")),
                            UUID.fromString(text(line, "requestId")), LocalGovernmentCode.of(text(line, "municipality")),
                            codes, Instant.parse(text(line, "relayedAt")));
                    counts.merge("blocks", 1L, Long::sum);
                }
                case "end" -> {
                    end = new LinkedHashMap<>();
                    line.forEach((k, v) -> end.put(String.valueOf(k), v));
                }
                default -> throw new IllegalStateException("the snapshot of " + source + " has a line of unknown kind " + kind);
            }
        }

        Map<String, Object> finish() {
            if (end == null) {
                throw new IllegalStateException("the snapshot of " + source + " was cut off (no end line)");
            }
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                Object said = end.get(count.getKey());
                if (!(said instanceof Number number) || number.longValue() != count.getValue()) {
                    throw new IllegalStateException("the snapshot of " + source + " ends with " + count.getKey() + " "
                            + said + " but carried " + count.getValue());
                }
            }
            flushResidents();
            flushHistory();
            flushRetired();
            long outboxHead = ((Number) head.get("outboxHead")).longValue();
            jdbc.sql("""
                    INSERT INTO inbound_progress (source, applied_through) VALUES (:source, :head)
                    ON CONFLICT (source) DO UPDATE SET applied_through = greatest(inbound_progress.applied_through, :head)""")
                    .param("source", source).param("head", outboxHead).update();
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
            loaded.put("outboxHead", outboxHead);
            return loaded;
        }

        private void flushResidents() {
            if (residents.isEmpty()) {
                return;
            }
            batches.batchUpdate("""
                    INSERT INTO rebuild_residents (source, resident_code, my_number, prefecture, municipality,
                        normalized_name, date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                    VALUES (?, ?, ?, ?, ?, ?, CAST(? AS date), ?, ?, CAST(? AS jsonb), CAST(? AS uuid),
                            CAST(? AS timestamptz), CAST(? AS date))""", residents);
            residents.clear();
        }

        private void flushHistory() {
            if (history.isEmpty()) {
                return;
            }
            // a change of this prefecture is recorded once whatever else a snapshot says (its change id is the key)
            batches.batchUpdate("""
                    INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason,
                        effective_date, notified_date, identity, previous_resident_code, recorded_at, received_on,
                        retention_until, prefecture)
                    VALUES (CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS date), CAST(? AS date), CAST(? AS jsonb), ?,
                            CAST(? AS timestamptz), CAST(? AS date), CAST(? AS date), ?)
                    ON CONFLICT ON CONSTRAINT resident_history_pkey DO NOTHING""", history);
            history.clear();
        }

        private void flushRetired() {
            if (retired.isEmpty()) {
                return;
            }
            batches.batchUpdate("""
                    INSERT INTO retired_resident_codes (retired_code, current_code, retired_at)
                    VALUES (?, ?, CAST(? AS timestamptz))
                    ON CONFLICT (retired_code) DO NOTHING""", retired);
            retired.clear();
        }
    }

    private static String text(Map<?, ?> line, String field) {
        Object value = line.get(field);
        if (value == null) {
            throw new IllegalStateException("a snapshot line of kind " + line.get("kind") + " has no " + field);
        }
        return value.toString();
    }

    /** Every prefecture loaded: one record per person, the numbering state, and the state REBUILT. */
    private Map<String, Object> finish() {
        // the newest residence of each person; a record under a code replaced by a change of resident code is
        // the old code's (the person holds the new one): J-LIS keeps only the current code's record
        int records = jdbc.sql("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT DISTINCT ON (r.resident_code)
                       r.resident_code, r.my_number, r.prefecture, r.municipality, r.normalized_name, r.date_of_birth,
                       r.sex, r.status, r.identity, r.last_change_id, r.updated_at, r.retention_until
                FROM rebuild_residents r
                WHERE NOT EXISTS (SELECT 1 FROM retired_resident_codes x WHERE x.retired_code = r.resident_code)
                ORDER BY r.resident_code, coalesce((r.identity->>'residence')::int, 0) DESC,
                         (r.status = 'ACTIVE') DESC, r.updated_at DESC""").update();
        jdbc.sql("DELETE FROM rebuild_residents").update();
        RestoreNumbering.Restored restored = numbering.restore();
        state.finish();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("residents", records);
        result.put("allocatedFromRegister", restored.allocatedFromRegister());
        result.put("myNumbers", restored.myNumbers());
        result.put("underivedMyNumbers", restored.underived());
        result.put("reservedMyNumbers", restored.reserved());
        log.info("Rebuilt J-LIS's register: {}", result);
        return result;
    }
}
