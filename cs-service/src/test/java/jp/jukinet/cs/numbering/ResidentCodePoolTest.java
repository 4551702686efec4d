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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * their own. J-LIS is stood in for by a counter that allocates consecutive blocks.
 */
@ServiceIntegrationTest
class ResidentCodePoolTest {

    private static final int THREADS = 16;
    private static final int TAKES_PER_THREAD = 40;
    private static final long FIRST_SERIAL = 1_000_000_000L;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void emptyPool() {
        // both tests stand in for J-LIS with a counter that starts afresh: no block of the other may remain
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
        assertThat(jdbc.sql("SELECT count(*) FROM resident_code_blocks").query(Long.class).single()).isEqualTo(1);
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
    }

    /** J-LIS's block allocation as a counter: consecutive, never overlapping blocks. */
    private static final class CountingNumbering implements Numbering {

        final AtomicInteger blocks = new AtomicInteger();
        private final AtomicLong nextSerial = new AtomicLong(FIRST_SERIAL);

        @Override
        public ResidentCodeBlock allocateBlock(int size) {
            blocks.incrementAndGet();
            long first = nextSerial.getAndAdd(size);
            return new ResidentCodeBlock(UUID.randomUUID(), new LocalGovernmentCode("131016"), first, first + size - 1);
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
