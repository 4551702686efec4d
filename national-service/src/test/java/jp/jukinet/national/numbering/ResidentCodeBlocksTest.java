package jp.jukinet.national.numbering;

import static jp.jukinet.national.numbering.NumberingApi.BLOCKS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.model.numbering.ResidentCodeBlockRequest;
import jp.jukinet.national.numbering.NumberingApi.Answer;

class ResidentCodeBlocksTest extends MtlsNumberingTest {

    @Test
    void blocksAreRandomCodesOfTheRequestedSizeRecordedWithTheirMunicipalityAndNoCodeIsInTwo() {
        NumberingApi api = api();
        long counterBefore = counter();
        int[] sizes = {1, 10, 1000, 100_000, 7, 2};
        LocalGovernmentCode[] municipalities = {CHIYODA, SHIBUYA, YOKOHAMA, OSAKA, SAPPORO, CHIYODA};
        Set<ResidentCode> all = new HashSet<>();
        for (int i = 0; i < sizes.length; i++) {
            ResidentCodeBlock block = api.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), municipalities[i], sizes[i]));
            assertThat(block.municipality()).isEqualTo(municipalities[i]);
            assertThat(block.size()).isEqualTo(sizes[i]);
            assertThat(block.codes()).allSatisfy(code -> assertThat(all.add(code)).as("a code in two blocks").isTrue());
            assertThat(jdbc.sql("SELECT count(*) FROM allocated_resident_codes WHERE block_id = ? AND municipality = ?")
                    .params(block.blockId(), municipalities[i].value()).query(Long.class).single()).isEqualTo(sizes[i]);
        }
        assertThat(all).hasSize(101_020);
        // the counter of consecutive serials is no longer advanced
        assertThat(counter()).isEqualTo(counterBefore);
        assertThat(jdbc.sql("SELECT count(*) - count(DISTINCT resident_code) FROM allocated_resident_codes")
                .query(Long.class).single()).isZero();
    }

    @Test
    void theCodesOfABlockAreNotConsecutiveAndPassARandomnessCheckThatTheOldConsecutiveBlocksFail() {
        ResidentCodeBlock block = api().allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 1000));
        assertThat(Randomness.of(block.codes()).failures()).as("a block of 1,000 random codes").isEmpty();
        // the same check, on a block as J-LIS allocated them before random codes, fails on every count
        ResidentCodeBlock consecutive = ResidentCodeBlock.range(UUID.randomUUID(), OSAKA, 1_000_010_000L, 1_000_010_999L);
        assertThat(Randomness.of(consecutive.codes()).failures()).hasSize(3);
    }

    @Test
    void theSameRequestIdIsAnsweredWithTheSameBlockAndAllocatesOnce() {
        NumberingApi api = api();
        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 250);
        Answer first = api.post(BLOCKS, request);
        long allocatedBefore = allocatedCodes();
        Answer again = api.post(BLOCKS, request);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        ResidentCodeBlock block = first.as(ResidentCodeBlock.class);
        assertThat(again.as(ResidentCodeBlock.class)).isEqualTo(block);
        assertThat(first.location()).endsWith(BLOCKS + "/" + block.blockId());
        assertThat(allocatedCodes()).isEqualTo(allocatedBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM resident_code_blocks WHERE request_id = ?")
                .param(request.requestId()).query(Long.class).single()).isEqualTo(1);

        Answer read = api.get(BLOCKS + "/" + block.blockId(), "pref-27");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.as(ResidentCodeBlock.class)).isEqualTo(block);
        // another prefecture does not learn which codes went to 大阪市
        api.get(BLOCKS + "/" + block.blockId(), "pref-13").assertProblem(404, "blockId");
    }

    @Test
    void aBlockOfConsecutiveSerialsAllocatedBeforeRandomCodesIsStillAnsweredToItsRequest() {
        UUID requestId = UUID.randomUUID();
        long first = freeLegacyRange();
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                VALUES (?, ?, '131016', ?, ?, 3, now())""").params(UUID.randomUUID(), requestId, first, first + 2).update();
        ResidentCodeBlock block = api().allocate(new ResidentCodeBlockRequest(requestId, CHIYODA, 3));
        assertThat(block.codes()).containsExactly(ResidentCode.fromSerial(first), ResidentCode.fromSerial(first + 1),
                ResidentCode.fromSerial(first + 2));
    }

    @Test
    void twinRequestsThatMeetAtTheRequestIdGetOneBlock() throws Exception {
        NumberingApi api = api();
        ResidentCodeBlockRequest request = new ResidentCodeBlockRequest(UUID.randomUUID(), YOKOHAMA, 30);
        ResidentCodeBlockRequest other = new ResidentCodeBlockRequest(UUID.randomUUID(), YOKOHAMA, 30);
        long allocatedBefore = allocatedCodes();
        // the test holds an uncommitted block under both request ids: the three calls wait on it, then race
        List<ResidentCodeBlock> answers = new HeldLock(transactionManager, jdbc).race(
                held -> {
                    for (UUID id : List.of(request.requestId(), other.requestId())) {
                        held.sql("""
                                INSERT INTO resident_code_blocks (block_id, request_id, municipality, size, allocated_at)
                                VALUES (?, ?, '141003', 30, now())""").params(UUID.randomUUID(), id).update();
                    }
                },
                List.of(() -> api.allocate(request), () -> api.allocate(request), () -> api.allocate(other)));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answers.get(2).blockId()).isNotEqualTo(answers.get(0).blockId());
        assertThat(allocatedCodes()).isEqualTo(allocatedBefore + 60);
    }

    @Test
    void aRequestIdReusedForAnotherMunicipalityOrSizeIsAConflict() {
        NumberingApi api = api();
        UUID requestId = UUID.randomUUID();
        ResidentCodeBlock block = api.allocate(new ResidentCodeBlockRequest(requestId, SHIBUYA, 10));
        long allocatedBefore = allocatedCodes();
        api.post(BLOCKS, new ResidentCodeBlockRequest(requestId, CHIYODA, 10)).assertProblem(409, "requestId");
        api.post(BLOCKS, new ResidentCodeBlockRequest(requestId, SHIBUYA, 11)).assertProblem(409, "requestId");
        assertThat(allocatedCodes()).isEqualTo(allocatedBefore);
        assertThat(api.allocate(new ResidentCodeBlockRequest(requestId, SHIBUYA, 10))).isEqualTo(block);
    }

    @Test
    void aPrefectureServerGetsNoBlockForAMunicipalityOfAnotherPrefecture() {
        NumberingApi api = api();
        long allocatedBefore = allocatedCodes();
        long blocksBefore = blockCount();
        double refusedBefore = refused("caller");
        api.post(BLOCKS, new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 10), "pref-13")
                .assertProblem(403, "municipality");
        api.post(BLOCKS, new ResidentCodeBlockRequest(UUID.randomUUID(), OSAKA, 10), "cs-271004")
                .assertProblem(403, "municipality");
        assertThat(allocatedCodes()).isEqualTo(allocatedBefore);
        assertThat(blockCount()).isEqualTo(blocksBefore);
        assertThat(refused("caller")).isEqualTo(refusedBefore + 2);
    }

    @Test
    void aSizeOutsideOneToOneHundredThousandIsRefusedNamingTheFieldAndChangesNothing() {
        NumberingApi api = api();
        long allocatedBefore = allocatedCodes();
        long blocksBefore = blockCount();
        for (String size : List.of("0", "-1", "100001", "2147483648", "\"ten\"", "null")) {
            api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131016\",\"size\":" + size + "}",
                    "pref-13").assertProblem(400, "size");
        }
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131016\"}", "pref-13")
                .assertProblem(400, "size");
        assertThat(allocatedCodes()).isEqualTo(allocatedBefore);
        assertThat(blockCount()).isEqualTo(blocksBefore);
    }

    @Test
    void aMissingRequestIdOrAMunicipalityThatIsNoneIsRefusedNamingTheField() {
        NumberingApi api = api();
        api.post(BLOCKS, "{\"municipality\":\"131016\",\"size\":5}", "pref-13").assertProblem(400, "requestId");
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"size\":5}", "pref-13")
                .assertProblem(400, "municipality");
        // 130001 is 東京都 itself, a prefecture: it registers no residents.
        api.post(BLOCKS, "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"130001\",\"size\":5}", "pref-13")
                .assertProblem(400, "municipality");
        Answer badCheckDigit = api.post(BLOCKS,
                "{\"requestId\":\"" + UUID.randomUUID() + "\",\"municipality\":\"131017\",\"size\":5}", "pref-13");
        assertThat(badCheckDigit.status()).isEqualTo(400);
        assertThat(badCheckDigit.json().path("field").asString()).startsWith("municipality");
    }

    @Test
    void anUnknownBlockIsNotFound() {
        api().get(BLOCKS + "/" + UUID.randomUUID(), "pref-13").assertProblem(404, "blockId");
    }

    @Test
    void aCodeOfARangeAllocatedBeforeRandomCodesOrOfAnEarlierBlockIsNeverDrawnAgain() {
        long first = freeLegacyRange();
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, first_serial, last_serial, size, allocated_at)
                VALUES (?, ?, '131016', ?, ?, 100, now())""").params(UUID.randomUUID(), UUID.randomUUID(), first, first + 99)
                .update();
        ResidentCode earlier = api().allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), SAPPORO, 1)).codes().get(0);
        ResidentCode legacy = ResidentCode.fromSerial(first + 50);
        ResidentCode fresh = ResidentCode.fromSerial(first + 1_000);
        ResidentCode alsoFresh = ResidentCode.fromSerial(first + 1_001);
        // the draws are forced: a code of the old range, a code of the earlier block, then two new ones
        Scripted draws = new Scripted(legacy.serial(), earlier.serial(), fresh.serial(), legacy.serial(), alsoFresh.serial());
        ResidentCodeBlock block = new ResidentCodeBlocks(jdbc, transactionManager, draws)
                .allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), CHIYODA, 2));

        assertThat(draws.left()).isZero();
        assertThat(block.codes()).containsExactly(fresh, alsoFresh);
        assertThat(jdbc.sql("SELECT count(*) FROM allocated_resident_codes WHERE resident_code = ?")
                .param(legacy.value()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT municipality FROM allocated_resident_codes WHERE resident_code = ?")
                .param(earlier.value()).query(String.class).single()).isEqualTo(SAPPORO.value());
    }

    @Test
    void concurrentAllocationsDrawingFromATinySpaceNeverAllocateACodeTwice() throws Exception {
        // 2,400 codes from a space of 6,000: many draws collide, with earlier blocks and with concurrent ones
        long base = freeLegacyRange();
        int span = 6_000;
        AtomicLong draws = new AtomicLong();
        RandomGenerator tiny = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                draws.incrementAndGet();
                return base + ThreadLocalRandom.current().nextLong(span);
            }
        };
        ResidentCodeBlocks blocks = new ResidentCodeBlocks(jdbc, transactionManager, tiny);
        int threads = 8;
        int blocksPerThread = 5;
        int size = 60;
        ConcurrentLinkedQueue<ResidentCodeBlock> allocated = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < blocksPerThread; i++) {
                        LocalGovernmentCode municipality = i % 2 == 0 ? CHIYODA : OSAKA;
                        allocated.add(blocks.allocate(new ResidentCodeBlockRequest(UUID.randomUUID(), municipality, size)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<ResidentCode> codes = new HashSet<>();
        for (ResidentCodeBlock block : allocated) {
            assertThat(block.size()).isEqualTo(size);
            for (ResidentCode code : block.codes()) {
                assertThat(codes.add(code)).as("a code allocated twice").isTrue();
                assertThat(code.serial()).isBetween(base, base + span - 1);
            }
            assertThat(jdbc.sql("SELECT count(*) FROM allocated_resident_codes WHERE block_id = ? AND municipality = ?")
                    .params(block.blockId(), block.municipality().value()).query(Long.class).single()).isEqualTo(size);
        }
        assertThat(codes).hasSize(threads * blocksPerThread * size);
        assertThat(draws.get()).as("draws, collisions included").isGreaterThan(codes.size());
    }

    /** A random source that gives these ten-digit serials, in order, and nothing more. */
    static final class Scripted implements RandomGenerator {

        private final Deque<Long> serials;

        Scripted(Long... serials) {
            this.serials = new ArrayDeque<>(List.of(serials));
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            assertThat(bound).isEqualTo(10_000_000_000L);
            return serials.removeFirst();
        }

        int left() {
            return serials.size();
        }
    }

    /**
     * A statistic of a block's codes that can fail: in the order given out, successive codes
     * differ by at least a million (a random pair of ten-digit numbers does so with a chance of
     * 0.9998), half of the steps go up, and the codes spread over at least half the ten-digit
     * range. A block of 1,000 random codes fails with a chance far below 10⁻⁹.
     */
    record Randomness(int closeSteps, int steps, int upwardSteps, long spread) {

        static Randomness of(List<ResidentCode> codes) {
            int close = 0;
            int up = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < codes.size(); i++) {
                long serial = codes.get(i).serial();
                min = Math.min(min, serial);
                max = Math.max(max, serial);
                if (i > 0) {
                    long previous = codes.get(i - 1).serial();
                    if (Math.abs(serial - previous) < 1_000_000) {
                        close++;
                    }
                    if (serial > previous) {
                        up++;
                    }
                }
            }
            return new Randomness(close, codes.size() - 1, up, max - min);
        }

        /** What fails: empty for a block that looks random. */
        List<String> failures() {
            List<String> failures = new ArrayList<>();
            // expected about 0.2 of 999 steps
            if (closeSteps > 10) {
                failures.add(closeSteps + " successive codes closer than a million");
            }
            // expected 499.5 ± 9 (one standard deviation)
            if (Math.abs(upwardSteps - steps / 2.0) > 100) {
                failures.add(upwardSteps + " of " + steps + " steps go up");
            }
            if (spread < 5_000_000_000L) {
                failures.add("the codes spread over only " + spread);
            }
            return failures;
        }
    }

    /** A range of serials no block holds yet, for a test that seeds one. */
    private long freeLegacyRange() {
        for (;;) {
            long first = ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_000_000_000L) / 100_000 * 100_000;
            boolean free = jdbc.sql("""
                    SELECT NOT EXISTS (SELECT 1 FROM resident_code_blocks WHERE first_serial IS NOT NULL
                                         AND int8range(first_serial, last_serial, '[]') && int8range(?, ?, '[]'))
                       AND NOT EXISTS (SELECT 1 FROM allocated_resident_codes
                                       WHERE substring(resident_code, 1, 10)::bigint BETWEEN ? AND ?)""")
                    .params(first, first + 99_999, first, first + 99_999).query(Boolean.class).single();
            if (free) {
                return first;
            }
        }
    }

    private long counter() {
        return jdbc.sql("SELECT next_value FROM numbering_counters WHERE name = 'resident_code'").query(Long.class).single();
    }

    private long allocatedCodes() {
        return jdbc.sql("SELECT count(*) FROM allocated_resident_codes").query(Long.class).single();
    }

    private long blockCount() {
        return jdbc.sql("SELECT count(*) FROM resident_code_blocks").query(Long.class).single();
    }
}
