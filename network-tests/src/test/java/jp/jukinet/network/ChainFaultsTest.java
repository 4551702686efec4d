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
 * A queue checker in the style of Jepsen: the municipalities' systems register more than 10,000
 * changes at three CSs in two prefectures, in NDJSON batches of a few dozen (each line with its own
 * Idempotency-Key, a batch cut short by a crash sent again whole), while the network is hurt — the receiving prefecture is stopped mid-stream and
 * restarted, a CS is stopped with committed notices it never sent, receivers commit batches and
 * lose their acknowledgements, and a batch is delivered twice. At the end every change committed
 * at a CS is counted at its prefecture and at the national server: lost, duplicated and
 * unexpected must all be zero, and every tier holds the same residents and histories.
 */
class ChainFaultsTest {

    private static final List<String> CSS = List.of("131016", "131130", "271004");
    private static final int BIRTHS_PER_CS = 250;
    private static final int CHANGES = 9_400;
    /** Lines per request: small enough that the faults below still land mid-stream. */
    private static final int LINES_PER_BATCH = 25;
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

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
                for (int i = 0; i < BIRTHS_PER_CS; i += LINES_PER_BATCH) {
                    List<Registration> batch = new ArrayList<>();
                    for (int j = i; j < Math.min(i + LINES_PER_BATCH, BIRTHS_PER_CS); j++) {
                        batch.add(birth(lg));
                    }
                    births.add(clerks.submit(() -> register(batch)));
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
                    while (issued.getAndAdd(LINES_PER_BATCH) < CHANGES) {
                        register(randomChanges(LINES_PER_BATCH));
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

    /**
     * Sends one batch of one municipality. A line answered 201 is a change the CS committed; a line
     * answered 5xx, or every line of a batch the CS never answered (it went down under the request),
     * is sent again later with the same key, and the CS answers what it already did as it did then.
     */
    @SuppressWarnings("unchecked")
    private void register(List<Registration> batch) {
        String lg = batch.get(0).lg();
        String node = "cs-" + lg;
        if (!network.isRunning(node)) {
            toRetry.addAll(batch);
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Registration registration : batch) {
            Map<String, Object> line = new java.util.LinkedHashMap<>(registration.body());
            line.put("idempotencyKey", registration.key());
            lines.append(JukiNetJson.mapper().writeValueAsString(line)).append('\n');
        }
        List<Map<String, Object>> answers;
        try {
            String body = client(node).post().uri("/api/v1/municipalities/" + lg + "/notifications/batch")
                    .contentType(NDJSON).accept(NDJSON)
                    .body(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .retrieve().body(String.class);
            answers = body.lines().filter(answer -> !answer.isBlank())
                    .map(answer -> (Map<String, Object>) JukiNetJson.mapper().readValue(answer, Map.class)).toList();
        } catch (RestClientException e) {
            toRetry.addAll(batch); // the CS went down under the request; the same keys are sent again later
            return;
        }
        if (answers.size() != batch.size()) {
            toRetry.addAll(batch); // answers are written per committed chunk: a cut-off answer is sent again whole
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> answer = answers.get(i);
            int status = ((Number) answer.get("status")).intValue();
            if (status == HttpStatus.CREATED.value()) {
                Map<String, Object> result = (Map<String, Object>) answer.get("result");
                UUID changeId = UUID.fromString((String) result.get("changeId"));
                if (acknowledgedToClerks.add(changeId)) {
                    accepted.incrementAndGet();
                }
                residentsByCode.put((String) result.get("residentCode"), lg);
            } else if (status >= 500) {
                toRetry.add(batch.get(i));
            } else {
                unexpectedAnswers.add(status + " " + answer);
            }
        }
    }

    private void drainRetries() {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            List<Registration> again = new ArrayList<>();
            Registration next;
            while ((next = toRetry.poll()) != null) {
                again.add(next);
            }
            again.stream().collect(Collectors.groupingBy(Registration::lg)).values().forEach(this::register);
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

    /** Changes of residents of one municipality, picked at random. */
    private List<Registration> randomChanges(int size) {
        String lg = CSS.get(ThreadLocalRandom.current().nextInt(CSS.size()));
        List<String> codes = residentsByCode.entrySet().stream().filter(entry -> entry.getValue().equals(lg))
                .map(Map.Entry::getKey).toList();
        List<Registration> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(randomChange(lg, codes.get(ThreadLocalRandom.current().nextInt(codes.size()))));
        }
        return batch;
    }

    private Registration randomChange(String lg, String code) {
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
