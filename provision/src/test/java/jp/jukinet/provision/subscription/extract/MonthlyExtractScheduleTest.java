package jp.jukinet.provision.subscription.extract;

import static jp.jukinet.provision.subscription.extract.ExtractRegister.japan;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Which month is due, on a fixed clock, and that no month runs twice. */
class MonthlyExtractScheduleTest {

    private ExtractRegister register;

    @BeforeEach
    void freshRegister() {
        register = new ExtractRegister("extract_schedule");
    }

    @AfterEach
    void closeRegister() {
        register.close();
    }

    private MonthlyExtractSchedule at(String japanTime) {
        return new MonthlyExtractSchedule(register.jdbc, Clock.fixed(japan(japanTime), ZoneOffset.UTC), "milestones");
    }

    @Test
    void theMonthThatStartsInJapanIsDueOnceAndMissedMonthsAreCaughtUp() {
        // 23:59 on 30 April in Japan: still April, whatever UTC says
        assertThat(at("2026-04-30T23:59").due()).containsExactly(YearMonth.of(2026, 4));
        MonthlyExtractSchedule firstOfMay = at("2026-05-01T00:00");
        assertThat(firstOfMay.due()).containsExactly(YearMonth.of(2026, 5));

        assertThat(firstOfMay.complete(YearMonth.of(2026, 5))).isTrue();
        assertThat(firstOfMay.due()).isEmpty();
        // a restart later that day, or the next day, finds May done
        assertThat(firstOfMay.complete(YearMonth.of(2026, 5))).isFalse();
        assertThat(at("2026-05-02T09:00").due()).isEmpty();
        assertThat(firstOfMay.isDone(YearMonth.of(2026, 5))).isTrue();

        // down across 1 June: on 1 July both months are due, oldest first
        assertThat(at("2026-07-01T00:05").due()).containsExactly(YearMonth.of(2026, 6), YearMonth.of(2026, 7));
        // another extract keeps its own calendar
        assertThat(new MonthlyExtractSchedule(register.jdbc, Clock.fixed(japan("2026-05-01T00:00"), ZoneOffset.UTC),
                "another").due()).containsExactly(YearMonth.of(2026, 5));
    }

    @Test
    void aSecondRunnerWaitsForTheFirstAndFindsTheMonthDone() throws Exception {
        MonthlyExtractSchedule schedule = at("2026-05-01T00:00");
        TransactionTemplate transactions = new TransactionTemplate(
                new DataSourceTransactionManager(register.template.getDataSource()));
        CountDownLatch firstCompleted = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            boolean completed = schedule.complete(YearMonth.of(2026, 5));
            firstCompleted.countDown();
            try {
                commitFirst.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return completed;
        }));
        assertThat(firstCompleted.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> transactions.execute(status ->
                schedule.complete(YearMonth.of(2026, 5))));
        // the second waits on the first's row lock
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> register.jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Long.class).single() == 1);
        assertThat(second).isNotDone();
        commitFirst.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aRunThatRollsBackLeavesTheMonthDue() {
        MonthlyExtractSchedule schedule = at("2026-05-01T00:00");
        TransactionTemplate transactions = new TransactionTemplate(
                new DataSourceTransactionManager(register.template.getDataSource()));
        transactions.executeWithoutResult(status -> {
            assertThat(schedule.complete(YearMonth.of(2026, 5))).isTrue();
            status.setRollbackOnly(); // the run failed before its events were committed
        });
        assertThat(schedule.due()).containsExactly(YearMonth.of(2026, 5));
    }
}
