package jp.jukinet.service.register;

import java.time.Clock;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes identity information whose retention has ended: 150 years from the day this node (a
 * prefecture server or J-LIS) received the notice (通知を受けた日から起算して150年; 住基法
 * 第30条の6・第30条の8 and the 施行令 they delegate to), not from the 届出年月日 the notice carries.
 * Each history row and current record holds its own end ({@code retention_until}, from
 * {@code received_on}); a row is removed on the day after its end, in Japan. Runs on the schedule
 * {@code jukinet.register.purge-cron}, on the clock it is given, so that tests can move time
 * instead of waiting for it.
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
        LocalDate today = LocalDate.now(clock.withZone(ResidentRegister.JAPAN));
        int removed = transactions.execute(status -> register.purgeExpired(today));
        log.info("Retention purge for {}: {} rows past their retention end removed", today, removed);
        return removed;
    }
}
