package jp.jukinet.service.register;

import java.time.Clock;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes identity information whose retention has ended (notified date + 150 years, 住基法
 * 第30条の6・第30条の8). Runs on the schedule {@code jukinet.register.purge-cron}, on the clock
 * it is given, so that tests can move time instead of waiting for it.
 */
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final ResidentRegister register;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public RetentionPurge(ResidentRegister register, TransactionTemplate transactions, Clock clock) {
        this.register = register;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return rows removed */
    @Scheduled(cron = "${jukinet.register.purge-cron}", zone = "Asia/Tokyo")
    public int run() {
        LocalDate today = LocalDate.now(clock);
        int removed = transactions.execute(status -> register.purgeExpired(today));
        log.info("Retention purge for {}: {} rows past their retention end removed", today, removed);
        return removed;
    }
}
