package jp.jukinet.national.numbering;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a race happen on purpose: the test takes a lock in its own transaction, starts the calls,
 * waits until every one of them is blocked on a lock in the database, and only then lets them all
 * go at once by rolling its transaction back.
 */
final class HeldLock {

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    HeldLock(PlatformTransactionManager transactionManager, JdbcClient jdbc) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
    }

    /** Runs {@code calls} concurrently while holding the row lock {@code lockSql} takes; returns their results in order. */
    <T> List<T> race(String lockSql, Object parameter, List<Callable<T>> calls) throws Exception {
        return race(jdbc -> jdbc.sql(lockSql).param(parameter).query().listOfRows(), calls);
    }

    /** Runs {@code calls} concurrently while {@code lock} holds what it took; returns their results in order. */
    <T> List<T> race(Consumer<JdbcClient> lock, List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            long waitingBefore = waitingOnLocks();
            List<Future<T>> started = transactions.execute(status -> {
                status.setRollbackOnly();
                lock.accept(jdbc);
                List<Future<T>> futures = calls.stream().map(threads::submit).toList();
                await().atMost(Duration.ofSeconds(15)).until(() -> waitingOnLocks() >= waitingBefore + calls.size());
                return futures;
            });
            List<T> results = new ArrayList<>();
            for (Future<T> future : started) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private long waitingOnLocks() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single();
    }
}
