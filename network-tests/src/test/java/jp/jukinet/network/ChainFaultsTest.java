package jp.jukinet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;

/**
 * A queue checker in the style of Jepsen: clerks register more than 10,000 changes at three CSs in
 * two prefectures while the network is hurt — the receiving prefecture is stopped mid-stream and
 * restarted, a CS is stopped with committed notices it never sent, receivers commit batches and
 * lose their acknowledgements, and a batch is delivered twice. At the end every change committed
 * at a CS is counted at its prefecture and at the national server: lost, duplicated and
 * unexpected must all be zero, and every tier holds the same residents and histories.
 */
class ChainFaultsTest {

    private static final List<String> CSS = List.of("131016", "131130", "271004");
    private static final int BIRTHS_PER_CS = 250;
    private static final int CHANGES = 9_400;

    private static LocalNetwork network;

    @BeforeAll
    static void startNetwork() {
        network = new LocalNetwork().national().prefecture("13").prefecture("27")
                .cs("131016").cs("131130").cs("271004").startAll();
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    /** A registration the clerk keeps until the CS accepts it, always with the same Idempotency-Key. */
    private record Registration(String lg, String key, Map<String, Object> body) {
    }

    private final Map<String, String> residentsByCode = new ConcurrentHashMap<>();
    private final Set<UUID> acknowledgedToClerks = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Registration> toRetry = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> unexpectedAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void noNoticeIsLostDuplicatedOrInventedWhenNodesCrashAndAcknowledgementsGetLost() throws Exception {
        ExecutorService clerks = Executors.newFixedThreadPool(4);
        try {
            // births first: they need numbering, which goes through the prefecture
            List<Future<?>> births = new ArrayList<>();
            for (String lg : CSS) {
                for (int i = 0; i < BIRTHS_PER_CS; i++) {
                    births.add(clerks.submit(() -> register(birth(lg))));
                }
            }
            for (Future<?> birth : births) {
                birth.get();
            }
            drainRetries();
            assertThat(residentsByCode).hasSize(CSS.size() * BIRTHS_PER_CS);

            AtomicInteger issued = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(clerks.submit(() -> {
                    while (issued.incrementAndGet() <= CHANGES) {
                        register(randomChange());
                    }
                }));
            }
            int base = accepted.get();

            // the receiving prefecture goes down mid-stream and comes back
            awaitAccepted(base + 1_500);
            network.stop("pref-13");
            awaitAccepted(base + 2_500);
            network.start("pref-13");

            // a CS commits notices and goes down before sending them
            awaitAccepted(base + 4_000);
            network.stop("pref-27");
            awaitAccepted(base + 4_500);
            await().atMost(Duration.ofSeconds(60)).until(() -> pendingOutbox("cs-271004") > 0);
            network.stop("cs-271004");
            network.start("pref-27");
            awaitAccepted(base + 5_500);
            network.start("cs-271004");

            // receivers commit batches and then lose their acknowledgements, so senders send them again
            network.bean("pref-27", Faults.class).loseAcknowledgements(3);
            network.bean("national", Faults.class).loseAcknowledgements(3);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    network.bean("pref-27", Faults.class).acknowledgementsLost() == 3
                            && network.bean("national", Faults.class).acknowledgementsLost() == 3);

            for (Future<?> worker : workers) {
                worker.get();
            }
            drainRetries();
        } finally {
            clerks.shutdownNow();
        }
        assertThat(unexpectedAnswers).isEmpty();
        assertThat(accepted.get()).isGreaterThanOrEqualTo(10_000);

        // a batch the prefecture already has, delivered again
        ChangeNoticeBatch again = acknowledgedBatch("cs-131016", 200);
        long historyBefore = count("pref-13", "resident_history");
        Acknowledgement ack = network.client("gateway", "cs-131016").post().uri("/internal/v1/notices")
                .contentType(MediaType.APPLICATION_JSON).body(again).retrieve().body(Acknowledgement.class);
        assertThat(ack.upToSequence()).isGreaterThanOrEqualTo(again.lastSequence());
        assertThat(count("pref-13", "resident_history")).isEqualTo(historyBefore);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (String node : List.of("cs-131016", "cs-131130", "cs-271004", "pref-13", "pref-27")) {
                assertThat(pendingOutbox(node)).as(node).isZero();
            }
        });

        Map<String, List<UUID>> committedAtCs = new HashMap<>();
        for (String lg : CSS) {
            committedAtCs.put(lg, changeIds("cs-" + lg, "SELECT change_id FROM resident_history"));
        }
        Set<UUID> committed = committedAtCs.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(committed).hasSizeGreaterThanOrEqualTo(10_000).containsAll(acknowledgedToClerks);

        for (String pref : List.of("13", "27")) {
            List<UUID> expected = CSS.stream().filter(lg -> lg.startsWith(pref))
                    .flatMap(lg -> committedAtCs.get(lg).stream()).toList();
            assertThat(check(expected, changeIds("pref-" + pref, "SELECT change_id FROM resident_history")))
                    .as("pref-" + pref).isEqualTo(new Tally(0, 0, 0));
        }
        assertThat(check(List.copyOf(committed), changeIds("national", "SELECT change_id FROM resident_history")))
                .as("national").isEqualTo(new Tally(0, 0, 0));
        for (String lg : CSS) {
            NoticeChainTest.awaitSameEverywhere(network, "cs-" + lg);
        }
    }

    /** Lost, duplicated and unexpected notices of one receiver. */
    record Tally(long lost, long duplicated, long unexpected) {
    }

    static Tally check(List<UUID> expected, List<UUID> observed) {
        Map<UUID, Long> seen = observed.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<UUID> wanted = Set.copyOf(expected);
        long lost = wanted.stream().filter(id -> !seen.containsKey(id)).count();
        long duplicated = seen.values().stream().mapToLong(n -> n - 1).sum();
        long unexpected = seen.keySet().stream().filter(id -> !wanted.contains(id)).count();
        return new Tally(lost, duplicated, unexpected);
    }

    private void register(Registration registration) {
        String node = "cs-" + registration.lg();
        if (!network.isRunning(node)) {
            toRetry.add(registration);
            return;
        }
        ResponseEntity<Map> response;
        try {
            response = client(node).post().uri("/api/v1/municipalities/" + registration.lg() + "/notifications")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", registration.key())
                    .body(registration.body()).retrieve().toEntity(Map.class);
        } catch (RestClientException e) {
            toRetry.add(registration); // the CS went down under the clerk; the same key is sent again later
            return;
        }
        if (response.getStatusCode() == HttpStatus.CREATED) {
            if (acknowledgedToClerks.add(UUID.fromString((String) response.getBody().get("changeId")))) {
                accepted.incrementAndGet();
            }
            residentsByCode.put((String) response.getBody().get("residentCode"), registration.lg());
        } else if (response.getStatusCode().is5xxServerError()) {
            toRetry.add(registration);
        } else {
            unexpectedAnswers.add(response.getStatusCode() + " " + response.getBody());
        }
    }

    private void drainRetries() {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            Registration next;
            int rounds = toRetry.size();
            while (rounds-- > 0 && (next = toRetry.poll()) != null) {
                register(next);
            }
            return toRetry.isEmpty();
        });
    }

    /** Waits for the clerks' progress: the faults happen at these points of the stream. */
    private void awaitAccepted(int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> accepted.get() >= count);
    }

    private Registration birth(String lg) {
        Map<String, Object> body = NoticeChainTest.birth(family(), "花子", "ヤマダ", "ハナコ");
        return new Registration(lg, UUID.randomUUID().toString(), body);
    }

    private Registration randomChange() {
        List<String> codes = new ArrayList<>(residentsByCode.keySet());
        String code = codes.get(ThreadLocalRandom.current().nextInt(codes.size()));
        String lg = residentsByCode.get(code);
        int kind = ThreadLocalRandom.current().nextInt(10);
        String effective = LocalDate.of(2026, 11, 20).toString();
        Map<String, Object> body;
        if (kind < 6) {
            body = Map.of("type", "MOVE_WITHIN", "effectiveDate", effective, "residentCode", code,
                    "person", Map.of("address", Map.of("text", "住所" + ThreadLocalRandom.current().nextInt(1_000_000))));
        } else if (kind < 8) {
            body = Map.of("type", "NAME_CHANGE", "effectiveDate", effective, "residentCode", code,
                    "person", Map.of("name", Map.of("family", family(), "given", "花子", "familyKana", "サトウ",
                            "givenKana", "ハナコ")));
        } else {
            body = Map.of("type", "CORRECTION", "effectiveDate", effective, "residentCode", code,
                    "person", Map.of("address", Map.of("text", "訂正後住所" + ThreadLocalRandom.current().nextInt(1_000_000))));
        }
        return new Registration(lg, UUID.randomUUID().toString(), body);
    }

    private static String family() {
        String[] names = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"};
        return names[ThreadLocalRandom.current().nextInt(names.length)];
    }

    private static RestClient client(String node) {
        return network.client(node);
    }

    private static long pendingOutbox(String node) {
        return network.database(node).sql("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL")
                .query(Long.class).single();
    }

    private static long count(String node, String table) {
        return network.database(node).sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static List<UUID> changeIds(String node, String sql) {
        return network.database(node).sql(sql).query(UUID.class).list();
    }

    private static ChangeNoticeBatch acknowledgedBatch(String node, int size) {
        NodeId source = NodeId.of(node);
        List<ChangeNotice> notices = network.database(node).sql("""
                        SELECT sequence, change_id, identity, previous_resident_code, previous_my_number, committed_at
                        FROM notice_outbox WHERE acknowledged_at IS NOT NULL ORDER BY sequence LIMIT :size""")
                .param("size", size)
                .query((row, n) -> ChangeNotice.of(row.getObject("change_id", UUID.class), source, row.getLong("sequence"),
                        row.getTimestamp("committed_at").toInstant(),
                        JukiNetJson.mapper().readValue(row.getString("identity"), IdentityInformation.class),
                        row.getString("previous_resident_code") == null ? null : ResidentCode.of(row.getString("previous_resident_code")),
                        row.getString("previous_my_number") == null ? null : MyNumber.of(row.getString("previous_my_number"))))
                .list();
        return new ChangeNoticeBatch(source, notices);
    }
}
