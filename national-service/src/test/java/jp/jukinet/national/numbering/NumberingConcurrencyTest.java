package jp.jukinet.national.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.numbering.MyNumberAssignment;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.model.numbering.MyNumberResponse;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;

/**
 * Many callers at once: block allocations for several municipalities mixed with My Number
 * issuance and reissue for a small pool of codes (so that requests fight over the same codes),
 * retries of earlier requests, and "twin" requests sent with the same request id by two threads
 * at the same moment. Afterwards no serial is in two blocks, no My Number belongs to two codes,
 * every code has exactly one current number, and a code has as many numbers as it had reissues
 * (plus possibly its first one). The pool's people live in 千代田区, and some requests come from
 * 渋谷区, which holds none of them: each of those is refused and changes nothing.
 */
class NumberingConcurrencyTest extends MtlsNumberingTest {

    static final int THREADS = 8;
    static final int OPERATIONS_PER_THREAD = 60;
    static final int POOL = 200;
    static final List<LocalGovernmentCode> MUNICIPALITIES = List.of(LocalGovernmentCode.of("131016"),
            LocalGovernmentCode.of("131130"), LocalGovernmentCode.of("141003"), LocalGovernmentCode.of("271004"),
            LocalGovernmentCode.of("011002"));

    record Issued(MyNumberRequest request, MyNumberResponse response) {
    }

    @Test
    void concurrentRequestsNeverIssueASerialOrAMyNumberTwice() throws Exception {
        NumberingApi api = api();
        List<ResidentCode> pool = NumberingApi.codes(
                api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), MUNICIPALITIES.get(0), POOL)));
        // the pool's people are registered in 千代田区 (their notices reached J-LIS), so it may renumber them
        Random numbers = new Random(11);
        pool.forEach(code -> hold(code, MyNumber.random(numbers), MUNICIPALITIES.get(0), ResidentStatus.ACTIVE, 0));

        // Twins: thread t and thread t + THREADS/2 send these same requests at the same step.
        Random twinRandom = new Random(7);
        List<List<Object>> twins = new ArrayList<>();
        for (int pair = 0; pair < THREADS / 2; pair++) {
            List<Object> requests = new ArrayList<>();
            for (int step = 0; step < OPERATIONS_PER_THREAD; step++) {
                requests.add(step % 10 == 0 ? randomRequest(twinRandom, pool) : null);
            }
            twins.add(requests);
        }

        ConcurrentLinkedQueue<ResidentCodeBlock> blocks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<UUID> blockRequests = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Issued> issued = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<UUID> refusedRequests = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    Random random = new Random(1000 + thread);
                    List<Object> mine = twins.get(thread % (THREADS / 2));
                    List<Object> sent = new ArrayList<>();
                    start.await();
                    for (int step = 0; step < OPERATIONS_PER_THREAD; step++) {
                        Object request = mine.get(step);
                        if (request == null) {
                            request = random.nextInt(5) == 0 && !sent.isEmpty()
                                    ? sent.get(random.nextInt(sent.size()))   // a retry of an earlier request
                                    : randomRequest(random, pool);
                        }
                        sent.add(request);
                        if (request instanceof ResidentCodeBlockRequest blockRequest) {
                            blocks.add(api.allocate(blockRequest));
                            blockRequests.add(blockRequest.requestId());
                        } else if (((MyNumberRequest) request).municipality().equals(SHIBUYA)) {
                            api.post(NumberingApi.MY_NUMBERS, request).assertProblem(403, "residentCodes[0]");
                            refusedRequests.add(((MyNumberRequest) request).requestId());
                        } else {
                            MyNumberRequest numberRequest = (MyNumberRequest) request;
                            issued.add(new Issued(numberRequest, api.issue(numberRequest)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertBlocks(blocks, new HashSet<>(blockRequests));
        assertMyNumbers(api, issued);
        assertThat(refusedRequests).isNotEmpty();
        for (UUID refused : refusedRequests) {
            assertThat(recorded(refused)).as("a refused request recorded").isFalse();
        }
    }

    private static Object randomRequest(Random random, List<ResidentCode> pool) {
        if (random.nextInt(10) < 3) {
            return new ResidentCodeBlockRequest(UUID.randomUUID(), MUNICIPALITIES.get(random.nextInt(MUNICIPALITIES.size())),
                    1 + random.nextInt(500));
        }
        List<ResidentCode> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, random);
        List<ResidentCode> codes = shuffled.subList(0, 1 + random.nextInt(20));
        LocalGovernmentCode municipality = random.nextInt(10) == 0 ? SHIBUYA : MUNICIPALITIES.get(0);
        return new MyNumberRequest(UUID.randomUUID(), municipality, codes, random.nextInt(4) == 0);
    }

    private void assertBlocks(Collection<ResidentCodeBlock> answered, Set<UUID> requestIds) {
        Map<UUID, ResidentCodeBlock> byId = new HashMap<>();
        for (ResidentCodeBlock block : answered) {
            ResidentCodeBlock earlier = byId.putIfAbsent(block.blockId(), block);
            assertThat(earlier == null || earlier.equals(block)).as("one block, one answer").isTrue();
        }
        // One block per request id, however often and however concurrently it was sent.
        assertThat(byId).hasSize(requestIds.size());
        Map<ResidentCode, UUID> blockOf = new HashMap<>();
        for (ResidentCodeBlock block : byId.values()) {
            for (ResidentCode code : block.codes()) {
                assertThat(blockOf.putIfAbsent(code, block.blockId())).as("a code in two blocks").isNull();
            }
            assertThat(jdbc.sql("SELECT count(*) FROM allocated_resident_codes WHERE block_id = ? AND municipality = ?")
                    .params(block.blockId(), block.municipality().value()).query(Long.class).single())
                    .isEqualTo(block.size());
        }
        assertThat(jdbc.sql("SELECT count(*) - count(DISTINCT resident_code) FROM allocated_resident_codes")
                .query(Long.class).single()).isZero();
    }

    private void assertMyNumbers(NumberingApi api, Collection<Issued> answered) {
        Map<UUID, MyNumberResponse> byRequest = new HashMap<>();
        Map<MyNumber, ResidentCode> owner = new HashMap<>();
        Map<ResidentCode, Set<UUID>> reissues = new HashMap<>();
        for (Issued issued : answered) {
            MyNumberResponse earlier = byRequest.putIfAbsent(issued.request().requestId(), issued.response());
            assertThat(earlier == null || earlier.equals(issued.response())).as("one request id, one answer").isTrue();
            for (MyNumberAssignment assignment : issued.response().assignments()) {
                ResidentCode previousOwner = owner.putIfAbsent(assignment.myNumber(), assignment.residentCode());
                assertThat(previousOwner == null || previousOwner.equals(assignment.residentCode()))
                        .as("a My Number given to two resident codes").isTrue();
                if (issued.request().reissue()) {
                    reissues.computeIfAbsent(assignment.residentCode(), code -> new HashSet<>()).add(issued.request().requestId());
                }
            }
        }
        Set<ResidentCode> asked = new HashSet<>(owner.values());
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> current = new HashMap<>();
        jdbc.sql("""
                SELECT resident_code, count(*) AS numbers, count(*) FILTER (WHERE retired_at IS NULL) AS current
                FROM issued_my_numbers GROUP BY resident_code""")
                .query(row -> {
                    rows.put(row.getString("resident_code"), row.getLong("numbers"));
                    current.put(row.getString("resident_code"), row.getLong("current"));
                });
        for (ResidentCode code : asked) {
            assertThat(current.get(code.value())).as("current numbers of a code").isEqualTo(1);
            int reissued = reissues.getOrDefault(code, Set.of()).size();
            assertThat(rows.get(code.value())).as("numbers of a code with %d reissues", reissued)
                    .isBetween((long) Math.max(1, reissued), reissued + 1L);
        }
        for (Map.Entry<MyNumber, ResidentCode> entry : owner.entrySet()) {
            assertThat(jdbc.sql("SELECT resident_code FROM issued_my_numbers WHERE my_number = ?")
                    .param(entry.getKey().value()).query(String.class).single()).isEqualTo(entry.getValue().value());
        }

        // Asked once more, every code answers with the one current number the table holds.
        List<ResidentCode> all = new ArrayList<>(asked);
        MyNumberResponse now = api.issue(new MyNumberRequest(UUID.randomUUID(), MUNICIPALITIES.get(0), all, false));
        for (MyNumberAssignment assignment : now.assignments()) {
            assertThat(jdbc.sql("SELECT my_number FROM issued_my_numbers WHERE resident_code = ? AND retired_at IS NULL")
                    .param(assignment.residentCode().value()).query(String.class).single())
                    .isEqualTo(assignment.myNumber().value());
        }
    }
}
