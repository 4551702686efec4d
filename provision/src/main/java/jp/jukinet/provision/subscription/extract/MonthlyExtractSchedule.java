package jp.jukinet.provision.subscription.extract;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When a monthly extract is due: on the first day of each month (in Japan, whatever the clock's
 * zone), the extract of the month that starts. A month once {@linkplain #complete completed} is
 * never due again, so a restart, a second replica or a job that fires twice never runs a month
 * twice; a month the job missed (the node was down across the 1st) is due until it is done, oldest
 * first, so no month is skipped.
 *
 * <p>Kept in {@code extract_months} (migration {@code db/subscription} V71), one row per extract
 * name and month done. The name lets several extracts (one per subscription, say) keep separate
 * calendars; before the first month is completed only the current month is due.
 *
 * <p>Use: for each month of {@link #due()}, in one transaction, {@link #complete} the month and,
 * if it answered {@code true}, write that month's events. The row's insert holds its key until the
 * transaction ends, so a second runner waits, then finds the month done and writes nothing; a crash
 * before the commit leaves the month due with no events written.
 */
public class MonthlyExtractSchedule {

    /** The months are Japan's. */
    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String extract;

    /** @param extract the name of the extract whose months this schedule keeps (e.g. a subscription id) */
    public MonthlyExtractSchedule(JdbcClient jdbc, Clock clock, String extract) {
        if (extract == null || extract.isBlank()) {
            throw new IllegalArgumentException("extract name is required");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.extract = extract;
    }

    /** The month that has begun in Japan on the clock. */
    public YearMonth currentMonth() {
        return YearMonth.from(LocalDate.ofInstant(clock.instant(), JAPAN));
    }

    /**
     * The months whose extract is due now, oldest first: every month after the last one completed
     * up to the current month; the current month alone if none was ever completed; none if the
     * current month is done.
     */
    public List<YearMonth> due() {
        return due(currentMonth());
    }

    /**
     * The months whose extract is due now, oldest first, for a calendar that begins with
     * {@code first} (a subscription's: the month it was made in): every month after the last one
     * completed up to the current month; from {@code first} if none was ever completed; none if the
     * current month is done or {@code first} has not begun.
     */
    public List<YearMonth> due(YearMonth first) {
        YearMonth current = currentMonth();
        LocalDate lastDone = jdbc.sql("""
                        SELECT month FROM extract_months WHERE extract_name = :extract ORDER BY month DESC LIMIT 1""")
                .param("extract", extract)
                .query((row, n) -> row.getDate(1).toLocalDate())
                .optional()
                .orElse(null);
        List<YearMonth> due = new ArrayList<>();
        YearMonth month = lastDone == null ? first : YearMonth.from(lastDone).plusMonths(1);
        for (; !month.isAfter(current); month = month.plusMonths(1)) {
            due.add(month);
        }
        return due;
    }

    /**
     * Records {@code month} as done, in the caller's transaction.
     *
     * @return {@code true} if this call completed it; {@code false} if it was done already (by an
     *         earlier run, or by a concurrent one that committed first)
     */
    public boolean complete(YearMonth month) {
        return jdbc.sql("""
                        INSERT INTO extract_months (extract_name, month, done_at) VALUES (:extract, :month, :at)
                        ON CONFLICT (extract_name, month) DO NOTHING""")
                .param("extract", extract)
                .param("month", Date.valueOf(month.atDay(1)))
                .param("at", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Whether {@code month} is done. */
    public boolean isDone(YearMonth month) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM extract_months WHERE extract_name = :extract AND month = :month)")
                .param("extract", extract)
                .param("month", Date.valueOf(month.atDay(1)))
                .query(Boolean.class)
                .single();
    }
}
