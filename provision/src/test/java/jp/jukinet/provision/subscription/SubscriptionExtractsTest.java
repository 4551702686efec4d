package jp.jukinet.provision.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.ProvisionScope;
import jp.jukinet.model.provision.SubscriptionAllowance;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The extract modes wired to their subscriptions, on real PostgreSQL and a settable clock: each
 * month of a MILESTONE_AGE subscription holds exactly the residents in the rule's scope (across
 * 東京都 13 and 大阪府 27) who attain the age that month, with the law's edges (born on the 1st, on
 * 29 February); a month is run once, none is skipped across downtime, and a run rolled back
 * between pages leaves nothing and is rerun to the same feed; an AS_OF batch is written once, on
 * or after its date, and completes its subscription.
 */
class SubscriptionExtractsTest {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    private static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    private static final ProvisionScope TOKYO_ONLY = new ProvisionScope(PrefectureCode.of("13"),
            ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE);

    /** National (30-9, no scope): 20-year-olds, with the resident code. */
    private static final ProvisionRule NENKIN = new ProvisionRule("nenkin-milestone", ProviderTier.NATIONAL, "30-9", "1",
            "3", "agency-nenkin", "節目年齢", EnumSet.of(IdentityField.NAME, IdentityField.DATE_OF_BIRTH,
            IdentityField.RESIDENT_CODE, IdentityField.STATUS), LocalDate.of(2010, 1, 1), null, null, null,
            new SubscriptionAllowance(EnumSet.of(SubscriptionMode.MILESTONE_AGE), EnumSet.of(TargetKind.CRITERION),
                    List.of(20)));
    /** Scoped to 東京都 (30-10): no resident code. */
    private static final ProvisionRule KOKUHO = new ProvisionRule("kokuho", ProviderTier.NATIONAL, "30-10(1)(1)", "2", "4",
            "agency-lg131016-kokuho", "国保", EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS,
            IdentityField.DATE_OF_BIRTH), LocalDate.of(2010, 1, 1), null, TOKYO_ONLY, null,
            new SubscriptionAllowance(EnumSet.of(SubscriptionMode.MILESTONE_AGE, SubscriptionMode.AS_OF),
                    EnumSet.allOf(TargetKind.class), List.of(20)));
    /** National, a one-off batch before a mailing. */
    private static final ProvisionRule NTA = new ProvisionRule("nta-refund", ProviderTier.NATIONAL, "30-9", "1", "63",
            "agency-nta", "還付金通知", EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS, IdentityField.STATUS,
            IdentityField.RESIDENT_CODE), LocalDate.of(2010, 1, 1), null, null, null,
            new SubscriptionAllowance(EnumSet.of(SubscriptionMode.AS_OF), EnumSet.of(TargetKind.LISTED), List.of()));
    /** Expired before the extracts run: feeds nothing. */
    private static final ProvisionRule EXPIRED = new ProvisionRule("expired", ProviderTier.NATIONAL, "30-9", "1", "3",
            "agency-nenkin", "廃止", EnumSet.of(IdentityField.NAME), LocalDate.of(2010, 1, 1), LocalDate.of(2027, 12, 31),
            null, null, new SubscriptionAllowance(EnumSet.of(SubscriptionMode.MILESTONE_AGE, SubscriptionMode.AS_OF),
            EnumSet.allOf(TargetKind.class), List.of(20)));

    private TestDatabase database;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ProvisionRecorder recorder;
    private ResidentRegister register;
    private SubscriptionFeeds feeds;
    private SubscriptionExtracts extracts;
    private final SettableClock clock = new SettableClock();
    private final AtomicLong serial = new AtomicLong(6_000_000_000L);
    private Instant recordedAt = Instant.parse("2020-01-01T00:00:00Z");

    @BeforeEach
    void freshDatabase() throws SQLException, IOException {
        database = TestPostgres.createDatabase("subscription_extracts");
        database.migrate("classpath:db/register", "classpath:db/provision", "classpath:db/subscription");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(pool);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        recorder = new ProvisionRecorder(new ProvisionRecords(jdbc, Clock.systemUTC()), 1000, Duration.ofSeconds(10));
        register = new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150)));
        feeds = new SubscriptionFeeds(jdbc, new ProvisionRules("test", List.of(NENKIN, KOKUHO, NTA, EXPIRED)),
                JukiNetJson.mapper(), recorder, clock, JAPAN);
        extracts = extracts(1_000);
    }

    @AfterEach
    void close() {
        recorder.close();
        dataSource.close();
    }

    @Test
    void eachMonthHoldsExactlyTheResidentsInTheRulesScopeWhoAttainTheAgeThatMonth() {
        // 20 in February 2028 (a leap year): born 2 February to 1 March 2008
        IdentityInformation osakaMid = born("2008-02-14", OSAKA);
        IdentityInformation tokyoLeapDay = born("2008-02-29", CHIYODA);   // 20 on 28 February, as every year
        IdentityInformation osakaFirstOfMarch = born("2008-03-01", OSAKA); // 20 on 29 February 2028
        IdentityInformation tokyoFirstOfFebruary = born("2008-02-01", CHIYODA); // 20 on 31 January: January's
        born("2008-03-02", CHIYODA); // March's
        IdentityInformation dead = born("2008-02-10", CHIYODA);
        change(dead, ChangeReason.DEATH, "2027-06-01", ResidentStatus.REMOVED, dead.address(), dead.municipality());

        at("2028-01-10T09:00"); // made mid-January: January is its first month
        UUID nenkin = milestone(NENKIN, 20);
        UUID kokuho = milestone(KOKUHO, 20);
        UUID expired = milestone(EXPIRED, 20);
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(3, 0, 2));
        assertThat(feeds.after(nenkin, 0, 10)).extracting(e -> e.information().residentCode())
                .containsExactly(tokyoFirstOfFebruary.residentCode());

        // 00:00:30 on 1 February in Japan is still 31 January in UTC: the months are Japan's
        at("2028-02-01T00:00:30");
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(3, 0, 4));
        List<SubscriptionEvent> national = feeds.after(nenkin, 0, 10);
        assertThat(national).extracting(SubscriptionEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(national).extracting(e -> e.information().residentCode()).containsExactly(
                tokyoFirstOfFebruary.residentCode(), osakaMid.residentCode(), tokyoLeapDay.residentCode(),
                osakaFirstOfMarch.residentCode());
        assertThat(national).extracting(SubscriptionEvent::changeDate).containsExactly(date("2028-01-31"),
                date("2028-02-13"), date("2028-02-28"), date("2028-02-29"));
        assertThat(national).allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(EventKind.MILESTONE);
            assertThat(event.changeId()).isNull();
            assertThat(event.reason()).isNull();
            assertThat(event.information().myNumber()).isNull(); // not the rule's
        });
        // the scoped rule: 東京都's residents only, and only its fields (no code, but the address)
        List<SubscriptionEvent> tokyo = feeds.after(kokuho, 0, 10);
        assertThat(tokyo).extracting(e -> e.information().person().dateOfBirth())
                .containsExactly(date("2008-02-01"), date("2008-02-29"));
        assertThat(tokyo).allSatisfy(event -> {
            assertThat(event.information().residentCode()).isNull();
            assertThat(event.information().person().address()).isNotNull();
        });
        assertThat(feeds.head(expired)).isZero();

        // delivered events are provisions, recorded about their persons
        feeds.recordDelivered(kokuho, tokyo, SubscriptionFeeds.PULL);
        assertThat(jdbc.queryForList("SELECT resident_code FROM provision_records WHERE recipient = ? ORDER BY seq",
                String.class, KOKUHO.recipient())).containsExactly(tokyoFirstOfFebruary.residentCode().value(),
                tokyoLeapDay.residentCode().value());
    }

    @Test
    void aMonthIsRunOnceNoneIsSkippedAcrossDowntimeAndAMonthBegunWhilePausedPassesEmpty() {
        IdentityInformation january = born("2008-01-15", CHIYODA);
        IdentityInformation february = born("2008-02-15", OSAKA);
        IdentityInformation march = born("2008-03-15", CHIYODA);
        IdentityInformation april = born("2008-04-15", OSAKA);
        born("2008-05-15", CHIYODA);
        IdentityInformation june = born("2008-06-15", OSAKA);

        // made a minute before February in Japan; the job first runs after midnight: January is not lost
        at("2028-01-31T23:59");
        UUID id = milestone(NENKIN, 20);
        at("2028-02-01T00:01");
        assertThat(extracts.dueMonths(id)).containsExactly(YearMonth.of(2028, 1), YearMonth.of(2028, 2));
        assertThat(extracts.runDue().events()).isEqualTo(2);
        // again, and again by hand: nothing twice
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 0, 0));
        assertThat(extracts.milestoneMonth(id, YearMonth.of(2028, 2))).isEqualTo(-1);
        assertThat(feeds.head(id)).isEqualTo(2);

        // the node is down across 1 March and 1 April: both months, in order, when it is back
        at("2028-04-02T10:00");
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(2, 0, 2));
        assertThat(feeds.after(id, 0, 10)).extracting(e -> e.information().residentCode()).containsExactly(
                january.residentCode(), february.residentCode(), march.residentCode(), april.residentCode());

        // paused across 1 May: May passes without events and is not caught up on resume (as a change feed)
        jdbc.update("UPDATE subscriptions SET status = 'PAUSED' WHERE id = ?", id);
        at("2028-05-01T08:00");
        extracts.runDue();
        assertThat(extracts.dueMonths(id)).isEmpty();
        jdbc.update("UPDATE subscriptions SET status = 'ACTIVE' WHERE id = ?", id);
        at("2028-06-01T08:00");
        extracts.runDue();
        assertThat(feeds.after(id, 4, 10)).extracting(e -> e.information().residentCode())
                .containsExactly(june.residentCode());
        // a cancelled subscription's months are no longer run
        jdbc.update("UPDATE subscriptions SET status = 'CANCELLED' WHERE id = ?", id);
        at("2028-07-01T08:00");
        born("2008-07-15", CHIYODA);
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 0, 0));
        assertThat(feeds.head(id)).isEqualTo(5);
    }

    @Test
    void aRunRolledBackBetweenPagesLeavesNothingAndItsRerunWritesTheSameFeed() {
        for (String day : List.of("2008-02-03", "2008-02-09", "2008-02-17", "2008-02-25", "2008-03-01")) {
            born(day, day.endsWith("9") ? OSAKA : CHIYODA);
        }
        IdentityInformation listedA = born("1970-01-01", CHIYODA);
        IdentityInformation listedB = born("1971-01-01", OSAKA);
        IdentityInformation listedC = born("1972-01-01", CHIYODA);
        at("2028-02-01T12:00");
        UUID control = milestone(NENKIN, 20);
        UUID victim = milestone(NENKIN, 20);
        UUID batchControl = asOf(NTA, "2028-01-31", listedA, listedB, listedC);
        UUID batchVictim = asOf(NTA, "2028-01-31", listedA, listedB, listedC);
        extracts = extracts(2); // pages of 2: the second page of each fails
        failOnSecondPage(victim, batchVictim);
        try {
            SubscriptionExtracts.Run run = extracts.runDue();
            assertThat(run).isEqualTo(new SubscriptionExtracts.Run(1, 1, 8)); // the controls only
        } finally {
            jdbc.execute("DROP TRIGGER fail_second_page ON subscription_events");
        }
        // the first page was written, then rolled back with the rest: nothing, and still due
        assertThat(feeds.head(victim)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM subscription_events WHERE subscription_id IN (?, ?)",
                Long.class, victim, batchVictim)).isZero();
        assertThat(extracts.dueMonths(victim)).containsExactly(YearMonth.of(2028, 2));
        assertThat(status(batchVictim)).isEqualTo("ACTIVE");

        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(1, 1, 8));
        assertThat(comparable(victim)).isEqualTo(comparable(control)).hasSize(5);
        assertThat(comparable(batchVictim)).isEqualTo(comparable(batchControl)).hasSize(3);
        assertThat(status(batchVictim)).isEqualTo("COMPLETED");
    }

    @Test
    void anAsOfBatchIsWrittenOnceOnItsDateWithTheRecordsOfThatDayThenItsSubscriptionIsCompleted() {
        IdentityInformation movesLater = born("1980-05-05", CHIYODA);
        IdentityInformation moved = change(movesLater, ChangeReason.MOVE_WITHIN, "2028-04-10", ResidentStatus.ACTIVE,
                new Address("東京都千代田区丸の内9番"), CHIYODA);
        IdentityInformation bornLater = born("2028-04-05", CHIYODA);
        IdentityInformation inOsakaThen = born("1990-06-06", OSAKA);
        change(inOsakaThen, ChangeReason.MOVE_IN, "2028-04-20", ResidentStatus.ACTIVE, new Address("東京都千代田区永田町1番"),
                CHIYODA);
        IdentityInformation diedBefore = born("1940-07-07", CHIYODA);
        IdentityInformation death = change(diedBefore, ChangeReason.DEATH, "2028-03-15", ResidentStatus.REMOVED,
                diedBefore.address(), CHIYODA);

        at("2028-03-30T23:59");
        UUID national = asOf(NTA, "2028-03-31", movesLater, bornLater, inOsakaThen, diedBefore);
        UUID tokyo = asOf(KOKUHO, "2028-03-31", movesLater, bornLater, inOsakaThen, diedBefore);
        jdbc.update("UPDATE subscriptions SET endpoint = 'https://nta.example/hook' WHERE id = ?", national);
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 0, 0));
        assertThat(feeds.head(national)).isZero();

        at("2028-03-31T00:00:01");
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 2, 5));
        // the register as it stood on the 31st: the later move is not in it, the death is; born later: nothing
        List<SubscriptionEvent> all = feeds.after(national, 0, 10);
        assertThat(all).extracting(e -> e.information().residentCode()).containsExactlyInAnyOrder(
                movesLater.residentCode(), inOsakaThen.residentCode(), diedBefore.residentCode());
        assertThat(all).allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(EventKind.AS_OF);
            assertThat(event.changeDate()).isEqualTo(date("2028-03-31"));
        });
        assertThat(one(all, movesLater).information().person().address()).isEqualTo(movesLater.address());
        assertThat(one(all, movesLater).information().person().address()).isNotEqualTo(moved.address());
        assertThat(one(all, diedBefore).information().status()).isEqualTo(death.status());
        assertThat(all.toString()).doesNotContain(bornLater.residentCode().value());
        // 東京都's rule: who was notified by 大阪府 on that day is not its to receive, and the refusal is recorded
        List<SubscriptionEvent> scoped = feeds.after(tokyo, 0, 10);
        assertThat(scoped).hasSize(2).allSatisfy(event -> assertThat(event.information().residentCode()).isNull());
        assertThat(scoped).extracting(e -> e.information().person().dateOfBirth())
                .containsExactlyInAnyOrder(movesLater.dateOfBirth(), diedBefore.dateOfBirth());
        assertThat(jdbc.queryForList("""
                        SELECT resident_code || ' ' || outcome || ' ' || refusal FROM provision_records WHERE recipient = ?""",
                String.class, KOKUHO.recipient())).containsExactly(inOsakaThen.residentCode().value() + " REFUSED OUT_OF_SCOPE");
        assertThat(status(national)).isEqualTo("COMPLETED");
        assertThat(status(tokyo)).isEqualTo("COMPLETED");

        // exactly once: a later run, by the job or by hand, writes nothing
        at("2028-04-01T00:00:01");
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 0, 0));
        assertThat(extracts.asOfBatch(national)).isEqualTo(-1);
        assertThat(feeds.head(national)).isEqualTo(3);

        // the completed batch is still carried by its webhook until delivered through its head
        assertThat(feeds.webhookSubscribers()).extracting(EventFeed.Subscriber::subscriptionId).containsExactly(national);
        assertThat(feeds.subscriber(national).orElseThrow().active()).isTrue();
        jdbc.update("INSERT INTO webhook_delivery_state (subscription_id, delivered_through, recorded_through, next_attempt)"
                + " VALUES (?, 3, 3, now())", national);
        assertThat(feeds.webhookSubscribers()).isEmpty();
    }

    @Test
    void aBatchWaitsWhilePausedAndWhileItsRuleIsNotInForce() {
        IdentityInformation person = born("1980-05-05", CHIYODA);
        at("2028-03-01T12:00");
        UUID id = asOf(EXPIRED, "2028-02-01", person);
        assertThat(extracts.runDue().batches()).isZero(); // its rule expired on 31 December 2027: no basis, no batch
        assertThat(status(id)).isEqualTo("ACTIVE");
        jdbc.update("UPDATE subscriptions SET status = 'PAUSED', basis = 'nta-refund', recipient = 'agency-nta' WHERE id = ?",
                id);
        assertThat(extracts.runDue().batches()).isZero();
        jdbc.update("UPDATE subscriptions SET status = 'ACTIVE' WHERE id = ?", id);
        assertThat(extracts.runDue()).isEqualTo(new SubscriptionExtracts.Run(0, 1, 1));
    }

    // --- helpers

    private SubscriptionExtracts extracts(int pageSize) {
        return new SubscriptionExtracts(jdbc, feeds, new ProvisionRules("test", List.of(NENKIN, KOKUHO, NTA, EXPIRED)),
                recorder, transactions, JukiNetJson.mapper(), clock, JAPAN, pageSize);
    }

    /** Fails the insert of each listed subscription's second event: the second page, with pages of 2... */
    private void failOnSecondPage(UUID... subscriptions) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION fail_second_page() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'crash between pages'; END; $$""");
        StringBuilder ids = new StringBuilder();
        for (UUID id : subscriptions) {
            ids.append(ids.isEmpty() ? "" : ", ").append('\'').append(id).append('\'');
        }
        // ...the third: sequences 1 and 2 are the first page
        jdbc.execute("""
                CREATE TRIGGER fail_second_page BEFORE INSERT ON subscription_events FOR EACH ROW
                WHEN (NEW.subscription_id IN (%s) AND NEW.sequence = 3) EXECUTE FUNCTION fail_second_page()"""
                .formatted(ids));
    }

    /** The feed without the moment it was written. */
    private List<String> comparable(UUID subscription) {
        return feeds.after(subscription, 0, 100).stream().map(event -> event.sequence() + " " + event.kind() + " "
                + event.changeDate() + " " + JukiNetJson.mapper().writeValueAsString(event.information())).toList();
    }

    private UUID milestone(ProvisionRule rule, int age) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO subscriptions (id, recipient, basis, mode, milestone_age, target, status, created_at, updated_at,
                    version) VALUES (?, ?, ?, 'MILESTONE_AGE', ?, 'CRITERION', 'ACTIVE', ?, ?, 0)""",
                id, rule.recipient(), rule.id(), age, java.sql.Timestamp.from(clock.instant()),
                java.sql.Timestamp.from(clock.instant()));
        return id;
    }

    private UUID asOf(ProvisionRule rule, String date, IdentityInformation... targets) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO subscriptions (id, recipient, basis, mode, as_of, target, status, created_at, updated_at,
                    version) VALUES (?, ?, ?, 'AS_OF', ?, 'LISTED', 'ACTIVE', ?, ?, 0)""",
                id, rule.recipient(), rule.id(), date(date), java.sql.Timestamp.from(clock.instant()),
                java.sql.Timestamp.from(clock.instant()));
        feeds.addTargets(id, java.util.Arrays.stream(targets).map(t -> t.residentCode().value()).toList());
        return id;
    }

    private String status(UUID subscription) {
        return jdbc.queryForObject("SELECT status FROM subscriptions WHERE id = ?", String.class, subscription);
    }

    private static SubscriptionEvent one(List<SubscriptionEvent> events, IdentityInformation person) {
        return events.stream().filter(e -> person.residentCode().equals(e.information().residentCode())).findFirst()
                .orElseThrow();
    }

    private IdentityInformation born(String day, LocalGovernmentCode municipality) {
        long next = serial.incrementAndGet();
        LocalDate birth = date(day);
        IdentityInformation identity = new IdentityInformation(ResidentCode.fromSerial(next), MyNumber.fromData(next * 7 + 3),
                PersonName.of("山田", "花子" + next % 1000, "ヤマダ", "ハナコ"), birth, Sex.FEMALE,
                new Address(municipality.prefecture().value().equals("13") ? "東京都千代田区千代田1番" : "大阪府大阪市北区梅田1番"),
                municipality, ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, birth, birth));
        record(identity);
        return identity;
    }

    private IdentityInformation change(IdentityInformation before, ChangeReason reason, String on, ResidentStatus status,
                                       Address address, LocalGovernmentCode municipality) {
        IdentityInformation after = new IdentityInformation(before.residentCode(), before.myNumber(), before.name(),
                before.dateOfBirth(), before.sex(), address, municipality, status,
                new ChangeInformation(reason, date(on), date(on)), municipality.equals(before.municipality())
                ? before.residence() : before.residence() + 1);
        record(after);
        return after;
    }

    private void record(IdentityInformation identity) {
        recordedAt = recordedAt.plusSeconds(3_600);
        register.record(List.of(new RecordedChange(UUID.randomUUID(), NodeId.prefecture(identity.municipality().prefecture()),
                null, recordedAt, identity, null, null)));
    }

    private void at(String japanLocalDateTime) {
        clock.now = LocalDateTime.parse(japanLocalDateTime).atZone(JAPAN).toInstant();
    }

    private static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    /** The test's clock, set to a moment in Japan. */
    private static final class SettableClock extends Clock {

        private volatile Instant now = Instant.parse("2028-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            SettableClock self = this;
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId other) {
                    return self.withZone(other);
                }

                @Override
                public Instant instant() {
                    return self.now;
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
