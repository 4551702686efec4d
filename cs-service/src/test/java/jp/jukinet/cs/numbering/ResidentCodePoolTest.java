package jp.jukinet.cs.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.ResidentCodeBlock;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * The pool against the CS's real database, many clerks at once: no code is handed out twice, and
 * one block serves them all until it is used up — concurrent takes do not each fetch a block of
 * their own; codes are given out in the order of J-LIS's block, whose codes are random. J-LIS is
 * stood in for by blocks of random codes.
 */
@ServiceIntegrationTest
class ResidentCodePoolTest {

    private static final int THREADS = 16;
    private static final int TAKES_PER_THREAD = 40;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void emptyPool() {
        // each test stands in for J-LIS afresh: no block of another may remain
        jdbc.sql("DELETE FROM resident_code_pool").update();
        jdbc.sql("DELETE FROM resident_code_pool_blocks").update();
        jdbc.sql("DELETE FROM resident_code_blocks").update();
    }

    @Test
    void concurrentTakesShareOneBlockAndNeverRepeatACode() throws Exception {
        CountingNumbering numbering = new CountingNumbering();
        ResidentCodePool pool = new ResidentCodePool(jdbc, transactions, numbering, 1_000);
        Set<ResidentCode> taken = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < TAKES_PER_THREAD; i++) {
                        assertThat(taken.add(pool.next())).as("a code handed out twice").isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(taken).hasSize(THREADS * TAKES_PER_THREAD);
        assertThat(numbering.blocks.get()).as("blocks fetched from J-LIS for 640 codes").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM resident_code_pool_blocks").query(Long.class).single()).isEqualTo(1);
        assertThat(taken).isSubsetOf(numbering.given);
    }

    @Test
    void aUsedUpBlockIsFollowedByExactlyOneNewBlock() {
        CountingNumbering numbering = new CountingNumbering();
        ResidentCodePool pool = new ResidentCodePool(jdbc, transactions, numbering, 10);
        List<ResidentCode> codes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            codes.add(pool.next());
        }
        assertThat(Set.copyOf(codes)).hasSize(25);
        assertThat(numbering.blocks.get()).isEqualTo(3);
        // in the order J-LIS gave them, block after block
        assertThat(codes).isEqualTo(numbering.given.subList(0, 25));
    }

    @Test
    void aBatchTakesItsCodesAcrossBlocksInTheirOrder() {
        CountingNumbering numbering = new CountingNumbering();
        ResidentCodePool pool = new ResidentCodePool(jdbc, transactions, numbering, 100);
        assertThat(pool.next(30)).isEqualTo(numbering.given.subList(0, 30));
        assertThat(pool.next(250)).isEqualTo(numbering.given.subList(30, 280));
        assertThat(numbering.blocks.get()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT sum(size - next_position) FROM resident_code_pool_blocks").query(Long.class).single())
                .isEqualTo(20);
    }

    @Test
    void whatIsLeftOfABlockOfConsecutiveSerialsIsNeverHandedOut() {
        // a block of the first version, half used, as the pool held it before random codes
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, first_serial, last_serial, next_serial, allocated_at)
                VALUES (?, 1000000000, 1000000999, 1000000500, now())""").param(UUID.randomUUID()).update();
        CountingNumbering numbering = new CountingNumbering();
        ResidentCodePool pool = new ResidentCodePool(jdbc, transactions, numbering, 10);
        List<ResidentCode> codes = pool.next(5);
        assertThat(codes).isEqualTo(numbering.given.subList(0, 5));
        assertThat(codes).allSatisfy(code -> assertThat(code.serial() >= 1_000_000_000L && code.serial() <= 1_000_000_999L).isFalse());
    }

    /** J-LIS's block allocation: random codes, none in two blocks; remembers every code it gave, in order. */
    private static final class CountingNumbering implements Numbering {

        final AtomicInteger blocks = new AtomicInteger();
        final List<ResidentCode> given = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Set<ResidentCode> allocated = ConcurrentHashMap.newKeySet();

        @Override
        public synchronized ResidentCodeBlock allocateBlock(int size) {
            blocks.incrementAndGet();
            List<ResidentCode> codes = new ArrayList<>(size);
            while (codes.size() < size) {
                ResidentCode code = ResidentCode.random(ThreadLocalRandom.current());
                if (code.serial() >= 2_000_000_000L && allocated.add(code)) {
                    codes.add(code);
                }
            }
            given.addAll(codes);
            return new ResidentCodeBlock(UUID.randomUUID(), new LocalGovernmentCode("131016"), codes);
        }

        @Override
        public List<MyNumber> myNumbers(List<ResidentCode> codes, boolean reissue) {
            throw new UnsupportedOperationException("the pool never asks for My Numbers");
        }

        @Override
        public boolean registeredAnywhere(jp.jukinet.model.identity.PersonName name, java.time.LocalDate dateOfBirth,
                                          jp.jukinet.model.identity.Sex sex) {
            throw new UnsupportedOperationException("the pool never asks who is registered");
        }
    }

}
