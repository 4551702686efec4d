package jp.jukinet.prefecture.consistency;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.service.notice.OutboxSettings;
import jp.jukinet.service.register.ConsistencyCheck;
import jp.jukinet.service.register.RegisterDigests;

/**
 * The prefecture server's consistency check (本人確認情報の整合性確認, docs/architecture.md F8) of
 * each of its municipalities: the CS (authoritative for its residents) against this prefecture's
 * register, then this register against J-LIS's, both read through the gateway; and the repair,
 * which asks the CS to send its current records of every resident that differs again as RESYNC
 * notices (they pass through this prefecture to J-LIS like any notice). A record EXTRA at an upper
 * tier that the CS does not hold cannot be repaired by the CS: it is reported (and counted) for an
 * operator, never deleted.
 *
 * <p>Runs on {@code jukinet.consistency.cron} (unset or {@code -}: never; Japan time), repairing
 * unless {@code jukinet.consistency.repair} is false, and on demand by an operator
 * ({@link ConsistencyEndpoint}). Each check sets the gauge {@code jukinet.consistency.differences}
 * (tags {@code municipality}, {@code peer}: the CS's node id or {@code national}) and is kept as the
 * last report of its municipality. Logs counts only, never a resident code.
 */
@Component
public class ConsistencyChecks {

    /** A municipality's outcome: what each peer differs in, and what the repair sent. */
    public record Report(String municipality, Instant checkedAt, List<PeerReport> peers, Repair repair) {
    }

    /** One comparison: the peer against the authoritative side ({@code against}). */
    public record PeerReport(String peer, String against, boolean equal, int differences,
                             Map<ConsistencyCheck.Kind, Integer> byKind, List<String> differingBuckets,
                             List<ConsistencyCheck.Discrepancy> discrepancies) {
    }

    /** What the repair asked of the CS: RESYNCs sent, and the residents the CS holds no record of (reported only). */
    public record Repair(int asked, int sent, List<String> notHeld) {
    }

    private static final Logger log = LoggerFactory.getLogger(ConsistencyChecks.class);

    private final PrefectureSettings settings;
    private final RegisterDigests local;
    private final RestClient gateway;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final boolean scheduledRepair;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Map<String, Report> last = new ConcurrentHashMap<>();

    ConsistencyChecks(PrefectureSettings settings, RegisterDigests local, RestClient.Builder builder,
                      ObjectProvider<RestClientSsl> ssl, OutboxSettings uplink, JdbcTemplate jdbc, MeterRegistry meters,
                      Clock clock, @Value("${jukinet.consistency.repair:true}") boolean scheduledRepair) {
        this.settings = settings;
        this.local = local;
        RestClient.Builder client = builder.clone().baseUrl(uplink.uplink().toString());
        if (uplink.sslBundle() != null && !uplink.sslBundle().isBlank()) {
            client.apply(ssl.getObject().fromBundle(uplink.sslBundle()));
        }
        this.gateway = client.build();
        this.jdbc = JdbcClient.create(jdbc);
        this.meters = meters;
        this.clock = clock;
        this.scheduledRepair = scheduledRepair;
    }

    @Scheduled(cron = "${jukinet.consistency.cron:-}", zone = "Asia/Tokyo")
    void scheduled() {
        for (LocalGovernmentCode municipality : municipalities()) {
            try {
                check(municipality, scheduledRepair);
            } catch (RuntimeException e) {
                // one unreachable CS does not stop the others' checks; the next run tries again
                log.warn("Consistency check of {} failed: {}", municipality.value(), e.getClass().getSimpleName());
            }
        }
    }

    /**
     * This prefecture's municipalities: those whose CS has sent notices here and those this register
     * holds records of (one index probe per municipality).
     */
    public List<LocalGovernmentCode> municipalities() {
        Set<String> codes = new TreeSet<>();
        jdbc.sql("SELECT source FROM inbound_progress WHERE source LIKE 'cs-%'")
                .query(String.class).list()
                .forEach(source -> codes.add(source.substring(3)));
        codes.addAll(jdbc.sql("""
                        WITH RECURSIVE m(code) AS (
                            SELECT min(municipality) FROM residents
                            UNION ALL
                            SELECT (SELECT min(municipality) FROM residents WHERE municipality > m.code)
                            FROM m WHERE m.code IS NOT NULL)
                        SELECT trim(code) FROM m WHERE code IS NOT NULL""")
                .query(String.class).list());
        return codes.stream().map(LocalGovernmentCode::of)
                .filter(code -> code.prefecture().equals(settings.prefecture()))
                .toList();
    }

    /**
     * Checks one municipality of this prefecture against its CS and J-LIS and, when {@code repair},
     * asks the CS to send again its records of every resident that differs at either.
     *
     * @throws IllegalArgumentException when the municipality is not of this prefecture
     */
    public Report check(LocalGovernmentCode municipality, boolean repair) {
        if (!municipality.prefecture().equals(settings.prefecture())) {
            throw new IllegalArgumentException("not a municipality of prefecture " + settings.prefecture().value());
        }
        ConsistencyCheck check = new ConsistencyCheck();
        String cs = NodeId.cs(municipality).value();
        ConsistencyCheck.Result atPrefecture = check.compare(municipality, GatewayDigests.ofCs(gateway), local);
        ConsistencyCheck.Result atNational = check.compare(municipality, local, GatewayDigests.ofNational(gateway));
        List<PeerReport> peers = List.of(
                peer(NodeId.prefecture(settings.prefecture()).value(), cs, atPrefecture),
                peer("national", NodeId.prefecture(settings.prefecture()).value(), atNational));
        gauge(municipality, cs, atPrefecture.discrepancies().size());
        gauge(municipality, "national", atNational.discrepancies().size());
        Repair repaired = null;
        if (repair) {
            Set<String> codes = new LinkedHashSet<>();
            atPrefecture.discrepancies().forEach(d -> codes.add(d.residentCode()));
            atNational.discrepancies().forEach(d -> codes.add(d.residentCode()));
            repaired = repair(municipality, List.copyOf(codes));
        }
        log.info("Consistency check of {}: {} differences at this prefecture, {} at J-LIS{}", municipality.value(),
                atPrefecture.discrepancies().size(), atNational.discrepancies().size(),
                repaired == null ? "" : "; repair: " + repaired.sent() + " RESYNC sent by the CS, "
                        + repaired.notHeld().size() + " not held by the CS (reported only)");
        Report report = new Report(municipality.value(), clock.instant(), peers, repaired);
        last.put(municipality.value(), report);
        return report;
    }

    /** The prefecture this server serves. */
    public jp.jukinet.model.code.PrefectureCode prefecture() {
        return settings.prefecture();
    }

    /** The last report of each municipality checked since this server started. */
    public Map<String, Report> lastReports() {
        return new java.util.TreeMap<>(last);
    }

    private Repair repair(LocalGovernmentCode municipality, List<String> codes) {
        int sent = 0;
        List<String> notHeld = new ArrayList<>();
        for (int from = 0; from < codes.size(); from += 1_000) {
            List<String> part = codes.subList(from, Math.min(codes.size(), from + 1_000));
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = gateway.post()
                    .uri("/internal/v1/municipalities/" + municipality.value() + "/resyncs")
                    .body(Map.of("residentCodes", part))
                    .retrieve().body(Map.class);
            sent += ((Number) answer.get("sent")).intValue();
            @SuppressWarnings("unchecked")
            List<String> missing = (List<String>) answer.get("notHeld");
            notHeld.addAll(missing);
        }
        return new Repair(codes.size(), sent, List.copyOf(notHeld));
    }

    private static PeerReport peer(String peer, String against, ConsistencyCheck.Result result) {
        Map<ConsistencyCheck.Kind, Integer> byKind = new EnumMap<>(ConsistencyCheck.Kind.class);
        result.discrepancies().forEach(d -> byKind.merge(d.kind(), 1, Integer::sum));
        return new PeerReport(peer, against, result.equal(), result.discrepancies().size(), byKind,
                result.differingBuckets(), result.discrepancies());
    }

    private void gauge(LocalGovernmentCode municipality, String peer, int differences) {
        gauges.computeIfAbsent(municipality.value() + "/" + peer, key -> meters.gauge("jukinet.consistency.differences",
                        Tags.of("municipality", municipality.value(), "peer", peer), new AtomicLong()))
                .set(differences);
    }
}
