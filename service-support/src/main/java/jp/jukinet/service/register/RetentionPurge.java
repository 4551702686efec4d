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
 * {@code received_on}); a row is removed on the day after its end, in Japan. The log of the notices
 * received ({@code inbox_log}) goes by the same rule, from the moment each was received. Runs on the schedule
 * {@code jukinet.register.purge-cron}, on the clock it is given, so that tests can move time
 * instead of waiting for it.
 */
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final ResidentRegister register;
    private final jp.jukinet.service.notice.NoticeInbox inbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    /**
     * @param inbox the node's inbox, whose log of received notices ({@code inbox_log}) is kept as
     *              long as the changes it carried; {@code null} where the node receives none
     */
    public RetentionPurge(ResidentRegister register, jp.jukinet.service.notice.NoticeInbox inbox,
                          TransactionTemplate transactions, Clock clock) {
        this.register = register;
        this.inbox = inbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    public RetentionPurge(ResidentRegister register, TransactionTemplate transactions, Clock clock) {
        this(register, null, transactions, clock);
    }

    /** @return rows removed */
    @Scheduled(cron = "${jukinet.register.purge-cron}", zone = "Asia/Tokyo")
    public int run() {
        LocalDate today = LocalDate.now(clock.withZone(ResidentRegister.JAPAN));
        // a history row goes when received_on + retention < today; the log of its notice with it
        int removed = transactions.execute(status -> register.purgeExpired(today)
                + (inbox == null ? 0 : inbox.purgeLogReceivedBefore(
                        today.minus(register.retention()).atStartOfDay(ResidentRegister.JAPAN).toInstant())));
        log.info("Retention purge for {}: {} rows past their retention end removed", today, removed);
        return removed;
    }
}
