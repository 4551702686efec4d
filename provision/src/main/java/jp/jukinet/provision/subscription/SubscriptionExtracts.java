package jp.jukinet.provision.subscription;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.provision.LookupKey;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionOutcome;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.RefusalReason;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.provision.ProvisionRecord;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.provision.subscription.extract.AsOfExtract;
import jp.jukinet.provision.subscription.extract.MilestoneExtract;
import jp.jukinet.provision.subscription.extract.MonthlyExtractSchedule;
import tools.jackson.databind.json.JsonMapper;

/**
 * The extract modes of push-type notification (プッシュ型通知, F6) wired to their subscriptions: what
 * the national server's extract job ({@link SubscriptionExtractJob}) runs, or a test by hand
 * ({@link #runDue}).
 *
 * <p><b>MILESTONE_AGE</b> (節目年齢到達者, a CRITERION subscription naming {@code milestoneAge}). Each
 * subscription keeps its own calendar of months ({@link MonthlyExtractSchedule}, extract name
 * {@code milestone:<id>}), which begins with the month (in Japan) it was made in. A month is due
 * from its first day: on the 1st the job extracts the persons who <em>attain</em> the age during
 * the month that begins ({@link jp.jukinet.provision.subscription.extract.AgeReckoning}), so the
 * agency knows them before or on the day they reach it (日本年金機構 enrols a person at 20 from the
 * month the age is attained, and sends its notice then). A subscription made mid-month gets its
 * own month at once, those who attained the age earlier that month included: no month of a
 * subscription is left out. Months the job missed (the node down across a 1st) are run when it is
 * back, oldest first; a month is never run twice. Each month is one transaction, holding the
 * subscription's row lock: the month is {@linkplain MonthlyExtractSchedule#complete completed},
 * {@link MilestoneExtract} reads the register page by page within the rule's scope (通知都道府県),
 * and each page's events ({@link EventKind#MILESTONE}: the rule's fields, {@code changeDate} the day
 * the age is attained) are appended to the feed; a crash or error anywhere rolls all of it back,
 * and the month stays due. A month that begins while the subscription is PAUSED, or when its rule
 * no longer names the agency, is not in force that day or no longer allows the age, is completed
 * with no events (as a change feed gets none then, and is not caught up on resume).
 *
 * <p><b>AS_OF</b> (文書発送前の一括提供, LISTED targets and an {@code asOf} date). The subscription is
 * created PAUSED ({@link ManageSubscriptions#create}): the agency lists its targets, then resumes
 * it. Once it is ACTIVE and the as-of date has come (that day in Japan, or at once if it has
 * passed), one transaction locks the subscription, reads its targets in code order page by page,
 * answers each page with {@link AsOfExtract} and appends an {@link EventKind#AS_OF} event
 * ({@code changeDate} the as-of date) for each person FOUND whose record as of the date was
 * notified by a prefecture in the rule's scope, and marks the subscription COMPLETED: exactly
 * once. A person registered only after the date (NOT_YET_REGISTERED), a code no one held (UNKNOWN;
 * a target is a resident's code, so only a register purged since) and a record outside the scope
 * get no event: the feed says nothing of them, not even that they were asked (the scope refusals
 * are recorded, after the commit, as an upload's are). While the rule does not name the agency or
 * is not in force, the batch waits.
 *
 * <p>Events are not provisions until delivered: webhook and pull record them then
 * ({@link EventFeed#recordDelivered}), as for every other mode.
 */
public class SubscriptionExtracts {

    /** The prefix of a milestone subscription's calendar in {@code extract_months}. */
    static final String CALENDAR = "milestone:";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionExtracts.class);

    private final JdbcClient jdbc;
    private final SubscriptionFeeds feeds;
    private final ProvisionRules rules;
    private final ProvisionRecorder recorder;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final ZoneId zone;
    private final MilestoneExtract milestones;
    private final AsOfExtract asOf;
    private final int pageSize;

    /**
     * @param zone     the zone of the day rules are in force on and as-of dates come (Japan)
     * @param pageSize persons read, and events appended, per statement
     */
    public SubscriptionExtracts(JdbcTemplate template, SubscriptionFeeds feeds, ProvisionRules rules,
                                ProvisionRecorder recorder, TransactionTemplate transactions, JsonMapper json, Clock clock,
                                ZoneId zone, int pageSize) {
        this.jdbc = JdbcClient.create(template);
        this.feeds = feeds;
        this.rules = rules;
        this.recorder = recorder;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.zone = zone;
        this.milestones = new MilestoneExtract(jdbc, json, pageSize);
        this.asOf = new AsOfExtract(jdbc, json, pageSize);
        this.pageSize = pageSize;
    }

    /** What one run did. */
    public record Run(int months, int batches, long events) {
    }

    /**
     * Runs every milestone month and every as-of batch that is due, each in its own transaction.
     * One subscription's failure is logged (by id) and left due for the next run; the others go on.
     */
    public Run runDue() {
        int months = 0;
        int batches = 0;
        long events = 0;
        for (UUID id : jdbc.sql("""
                        SELECT id FROM subscriptions WHERE mode = 'MILESTONE_AGE' AND status IN ('ACTIVE', 'PAUSED')
                        ORDER BY id""").query(UUID.class).list()) {
            try {
                for (YearMonth month : dueMonths(id)) {
                    long written = milestoneMonth(id, month);
                    if (written >= 0) {
                        months++;
                        events += written;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Milestone extract of subscription {} failed, due again next run: {}", id, e.getClass().getSimpleName());
            }
        }
        for (UUID id : jdbc.sql("""
                        SELECT id FROM subscriptions WHERE mode = 'AS_OF' AND status = 'ACTIVE' AND as_of <= :today
                        ORDER BY id""").param("today", today()).query(UUID.class).list()) {
            try {
                long written = asOfBatch(id);
                if (written >= 0) {
                    batches++;
                    events += written;
                }
            } catch (RuntimeException e) {
                log.warn("As-of batch of subscription {} failed, due again next run: {}", id, e.getClass().getSimpleName());
            }
        }
        return new Run(months, batches, events);
    }

    /** The months due for a milestone subscription, oldest first, from the month (in Japan) it was made in. */
    public List<YearMonth> dueMonths(UUID subscription) {
        Optional<java.time.Instant> created = jdbc.sql("SELECT created_at FROM subscriptions WHERE id = :id")
                .param("id", subscription).query((row, n) -> row.getTimestamp(1).toInstant()).optional();
        if (created.isEmpty()) {
            return List.of();
        }
        return schedule(subscription).due(YearMonth.from(created.get().atZone(MonthlyExtractSchedule.JAPAN)));
    }

    /**
     * Runs one month of one milestone subscription in one transaction (see the class comment).
     *
     * @return the events written; -1 when nothing was done (the month done already, the subscription
     *         gone, cancelled or of another mode)
     */
    public long milestoneMonth(UUID subscription, YearMonth month) {
        Long written = transactions.execute(status -> {
            SubscriptionFeeds.Locked locked = feeds.lockForExtract(subscription).orElse(null);
            if (locked == null || locked.mode() != SubscriptionMode.MILESTONE_AGE
                    || !("ACTIVE".equals(locked.status()) || "PAUSED".equals(locked.status()))) {
                return -1L;
            }
            if (!schedule(subscription).complete(month)) {
                return -1L; // done by an earlier or a concurrent run, which held the lock first
            }
            ProvisionRule rule = "ACTIVE".equals(locked.status()) ? rule(locked, TargetKind.CRITERION) : null;
            if (rule == null || !rule.subscriptions().milestoneAges().contains(locked.milestoneAge())) {
                return 0L;
            }
            Predicate<PrefectureCode> scope = rule.scope() == null ? prefecture -> true : rule.scope()::covers;
            long[] count = {0};
            milestones.run(month, locked.milestoneAge(), scope, page -> {
                List<SubscriptionFeeds.Appended> events = new ArrayList<>(page.size());
                for (MilestoneExtract.Reached reached : page) {
                    events.add(new SubscriptionFeeds.Appended(EventKind.MILESTONE, reached.attainedOn(),
                            reached.identity().residentCode().value(), information(reached.identity(), rule)));
                }
                feeds.append(subscription, events);
                count[0] += events.size();
            });
            return count[0];
        });
        return written == null ? -1 : written;
    }

    /**
     * Runs the as-of batch of one subscription in one transaction, if it is ACTIVE and its date has
     * come (see the class comment), and marks it COMPLETED.
     *
     * @return the events written; -1 when nothing was done (not due, not active, completed already,
     *         or its rule does not allow it today)
     */
    public long asOfBatch(UUID subscription) {
        List<ProvisionRecord> refusals = new ArrayList<>();
        Long written = transactions.execute(status -> {
            SubscriptionFeeds.Locked locked = feeds.lockForExtract(subscription).orElse(null);
            if (locked == null || locked.mode() != SubscriptionMode.AS_OF || !"ACTIVE".equals(locked.status())
                    || locked.asOf().isAfter(today())) {
                return -1L;
            }
            ProvisionRule rule = rule(locked, TargetKind.LISTED);
            if (rule == null) {
                return -1L; // no basis today: the batch waits, nothing is provided
            }
            long count = 0;
            String after = "";
            while (true) {
                List<ResidentCode> codes = jdbc.sql("""
                                SELECT resident_code FROM subscription_targets
                                WHERE subscription_id = :id AND resident_code > CAST(:after AS char(11))
                                ORDER BY resident_code LIMIT :page""")
                        .param("id", subscription).param("after", after).param("page", pageSize)
                        .query((row, n) -> ResidentCode.of(row.getString(1))).list();
                if (codes.isEmpty()) {
                    break;
                }
                List<SubscriptionFeeds.Appended> events = new ArrayList<>(codes.size());
                for (AsOfExtract.AsOf answer : asOf.answer(codes, locked.asOf())) {
                    if (answer.outcome() != AsOfExtract.Outcome.FOUND) {
                        continue; // registered only later, or no one's: nothing about them reaches the feed
                    }
                    IdentityInformation identity = answer.identity();
                    if (!SubscriptionFeeds.inScope(rule, identity)) {
                        refusals.add(new ProvisionRecord(locked.recipient(), rule.id(), answer.asked(),
                                LookupKey.RESIDENT_CODE, java.util.Set.of(), ProvisionOutcome.REFUSED,
                                RefusalReason.OUT_OF_SCOPE));
                        continue;
                    }
                    // recorded on delivery about the code the agency listed (the person's code now)
                    events.add(new SubscriptionFeeds.Appended(EventKind.AS_OF, locked.asOf(), answer.asked().value(),
                            information(identity, rule)));
                }
                feeds.append(subscription, events);
                count += events.size();
                if (codes.size() < pageSize) {
                    break;
                }
                after = codes.get(codes.size() - 1).value();
            }
            feeds.complete(subscription);
            return count;
        });
        if (written != null && written >= 0 && !refusals.isEmpty()) {
            try {
                recorder.record(refusals);
            } catch (RuntimeException e) {
                // the batch is committed and provided nothing to them: the refusals are the only loss
                log.warn("Scope refusals of as-of batch {} could not be recorded: {}", subscription,
                        e.getClass().getSimpleName());
            }
        }
        return written == null ? -1 : written;
    }

    /** The subscription's rule if it still names the agency, is in force today and allows this mode and target. */
    private ProvisionRule rule(SubscriptionFeeds.Locked locked, TargetKind target) {
        ProvisionRule rule = rules.byId(locked.basis()).orElse(null);
        if (rule == null || !rule.recipient().equals(locked.recipient()) || !rule.inForceOn(today())
                || !rule.allowsSubscriptions() || !rule.subscriptions().allows(locked.mode())
                || !rule.subscriptions().allows(target)) {
            return null;
        }
        return rule;
    }

    private String information(IdentityInformation identity, ProvisionRule rule) {
        return json.writeValueAsString(LookupResult.provided(identity, rule.fields()));
    }

    private MonthlyExtractSchedule schedule(UUID subscription) {
        return new MonthlyExtractSchedule(jdbc, clock, CALENDAR + subscription);
    }

    /** Today in Japan on the clock. */
    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }
}
