package jp.jukinet.provision.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

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
import jp.jukinet.model.provision.LookupResult;
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
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * The feeds on real PostgreSQL: the fan-out finds listed targets by index and criterion
 * subscriptions by scope, follows a 住民票コードの変更, writes only the rule's fields, and keeps every
 * feed gap-free under concurrent fan-outs; what delivery reads ({@link EventFeed}) and records.
 */
class SubscriptionFeedsTest {

    private static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    private static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    private static final ProvisionRule NENKIN = new ProvisionRule("nenkin", ProviderTier.NATIONAL, "30-9", "1", null,
            "agency-nenkin", "年金", EnumSet.of(IdentityField.NAME, IdentityField.RESIDENT_CODE, IdentityField.STATUS,
            IdentityField.CHANGE_INFORMATION), LocalDate.of(2020, 1, 1), null, null, null,
            new SubscriptionAllowance(EnumSet.allOf(SubscriptionMode.class), EnumSet.allOf(TargetKind.class), List.of(20)));
    private static final ProvisionRule KOKUHO = new ProvisionRule("kokuho", ProviderTier.NATIONAL, "30-10(1)(1)", "2", "4",
            "agency-lg131016-kokuho", "国保", EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS), LocalDate.of(2020, 1, 1),
            null, new ProvisionScope(PrefectureCode.of("13"), ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE), null,
            new SubscriptionAllowance(EnumSet.of(SubscriptionMode.EVERY_CHANGE), EnumSet.allOf(TargetKind.class), List.of()));

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ProvisionRecorder recorder;
    private SubscriptionFeeds feeds;
    private long serial = 5_000_000_000L;

    @BeforeEach
    void freshDatabase() throws SQLException, IOException {
        database = TestPostgres.createDatabase("subscription_feeds");
        database.migrate("classpath:db/register", "classpath:db/provision", "classpath:db/subscription");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        recorder = new ProvisionRecorder(new ProvisionRecords(jdbc, Clock.systemUTC()), 1000, Duration.ofSeconds(10));
        feeds = new SubscriptionFeeds(jdbc, new ProvisionRules("test", List.of(NENKIN, KOKUHO)), JukiNetJson.mapper(),
                recorder, Clock.systemUTC(), java.time.ZoneId.of("Asia/Tokyo"));
    }

    @AfterEach
    void closeRecorder() {
        recorder.close();
    }

    @Test
    void listedTargetsAndCriteriaGetTheirEventsWithOnlyTheRulesFields() {
        IdentityInformation hanako = person(CHIYODA);
        IdentityInformation jiro = person(OSAKA);
        UUID listed = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "ACTIVE");
        UUID survival = subscription(NENKIN, SubscriptionMode.SURVIVAL, TargetKind.LISTED, "ACTIVE");
        UUID criterion = subscription(KOKUHO, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        UUID paused = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "PAUSED");
        feeds.addTargets(listed, List.of(hanako.residentCode().value(), jiro.residentCode().value()));
        feeds.addTargets(survival, List.of(hanako.residentCode().value()));
        feeds.addTargets(paused, List.of(hanako.residentCode().value()));

        fanOut(change(hanako, ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE), change(jiro, ChangeReason.MOVE_WITHIN,
                ResidentStatus.ACTIVE), change(hanako, ChangeReason.DEATH, ResidentStatus.REMOVED));

        List<SubscriptionEvent> all = feeds.after(listed, 0, 100);
        assertThat(all).extracting(SubscriptionEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(all).extracting(SubscriptionEvent::reason).containsExactly(ChangeReason.MOVE_WITHIN,
                ChangeReason.MOVE_WITHIN, ChangeReason.DEATH);
        assertThat(all.get(0).information().residentCode()).isEqualTo(hanako.residentCode());
        assertThat(all.get(0).information().myNumber()).isNull();
        assertThat(feeds.after(survival, 0, 100)).extracting(SubscriptionEvent::kind).containsExactly(EventKind.SURVIVAL);
        // the criterion reaches Tokyo's residents only, and gives neither code nor number
        List<SubscriptionEvent> kokuho = feeds.after(criterion, 0, 100);
        assertThat(kokuho).hasSize(2);
        assertThat(kokuho).allSatisfy(event -> assertThat(event.information().residentCode()).isNull());
        assertThat(feeds.head(paused)).isZero();
        assertThat(feeds.after(listed, 1, 1)).extracting(SubscriptionEvent::sequence).containsExactly(2L);
        assertThat(feeds.head(listed)).isEqualTo(3);
    }

    @Test
    void aRuleNoLongerInForceOrNamingTheAgencyFeedsNothing() {
        ProvisionRule lapsed = new ProvisionRule("lapsed", ProviderTier.NATIONAL, "30-9", "1", null, "agency-nenkin", "年金",
                EnumSet.of(IdentityField.NAME), LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1), null, null,
                new SubscriptionAllowance(EnumSet.of(SubscriptionMode.EVERY_CHANGE), EnumSet.allOf(TargetKind.class), List.of()));
        feeds = new SubscriptionFeeds(jdbc, new ProvisionRules("test", List.of(NENKIN, lapsed)), JukiNetJson.mapper(),
                recorder, Clock.systemUTC(), java.time.ZoneId.of("Asia/Tokyo"));
        UUID old = subscription(lapsed, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        UUID current = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        UUID someoneElses = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO subscriptions (id, recipient, basis, mode, target, status, created_at, updated_at, version)
                VALUES (?, 'agency-sia', 'nenkin', 'EVERY_CHANGE', 'CRITERION', 'ACTIVE', now(), now(), 0)""", someoneElses);
        fanOut(change(person(CHIYODA), ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE));
        assertThat(feeds.head(old)).isZero();
        assertThat(feeds.head(someoneElses)).isZero();
        assertThat(feeds.head(current)).isEqualTo(1);
    }

    @Test
    void aResidentCodeChangeTakesTheTargetsAlong() {
        IdentityInformation before = person(CHIYODA);
        UUID listed = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "ACTIVE");
        feeds.addTargets(listed, List.of(before.residentCode().value()));
        IdentityInformation after = new IdentityInformation(ResidentCode.fromSerial(++serial), before.myNumber(),
                before.name(), before.dateOfBirth(), before.sex(), before.address(), before.municipality(),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1)));
        transactions.executeWithoutResult(status -> feeds.fanOut(List.of(new RecordedChange(UUID.randomUUID(),
                NodeId.of("pref-13"), 1L, Instant.now(), after, before.residentCode(), null))));
        fanOut(change(after, ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE));

        assertThat(feeds.after(listed, 0, 10)).extracting(event -> event.information().residentCode())
                .containsExactly(after.residentCode(), after.residentCode());
        assertThat(jdbc.queryForList("SELECT resident_code FROM subscription_targets", String.class))
                .containsExactly(after.residentCode().value());
    }

    @Test
    void aChangeFindsItsSubscriptionsByIndexWithoutScanningALargeTargetList() {
        UUID large = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "ACTIVE");
        jdbc.update("""
                INSERT INTO subscription_targets (resident_code, subscription_id)
                SELECT lpad(n::text, 11, '0'), ? FROM generate_series(1, 200000) AS n""", large);
        jdbc.execute("ANALYZE subscription_targets");
        jdbc.execute("ANALYZE subscriptions");
        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + SubscriptionFeeds.LISTED.replace("?::char(11)[]",
                "ARRAY['00000000007', '99999999999']::char(11)[]"), String.class));
        assertThat(plan).as(plan).contains("subscription_targets_pkey").doesNotContain("Seq Scan on subscription_targets");

        IdentityInformation listed = person(CHIYODA);
        feeds.addTargets(large, List.of(listed.residentCode().value()));
        fanOut(change(listed, ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE), change(person(CHIYODA),
                ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE));
        assertThat(feeds.after(large, 0, 10)).extracting(event -> event.information().residentCode())
                .containsExactly(listed.residentCode());
    }

    @Test
    void concurrentFanOutsKeepEveryFeedGapFree() throws Exception {
        UUID criterion = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        UUID other = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        List<IdentityInformation> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            people.add(person(i % 2 == 0 ? CHIYODA : OSAKA));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (IdentityInformation person : people) {
                done.add(pool.submit(() -> fanOut(change(person, ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        for (UUID id : List.of(criterion, other)) {
            assertThat(feeds.after(id, 0, 1000)).extracting(SubscriptionEvent::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
            assertThat(feeds.head(id)).isEqualTo(40);
        }
    }

    @Test
    void deliveredEventsAreRecordedAsProvisionsAboutTheirPersons() {
        IdentityInformation hanako = person(CHIYODA);
        UUID criterion = subscription(KOKUHO, SubscriptionMode.EVERY_CHANGE, TargetKind.CRITERION, "ACTIVE");
        jdbc.update("UPDATE subscriptions SET endpoint = 'https://kokuho.example/hook' WHERE id = ?", criterion);
        fanOut(change(hanako, ChangeReason.MOVE_WITHIN, ResidentStatus.ACTIVE));
        assertThat(feeds.webhookSubscribers()).extracting(EventFeed.Subscriber::subscriptionId).containsExactly(criterion);

        feeds.recordDelivered(criterion, feeds.after(criterion, 0, 10), "WEBHOOK");
        // the rule does not give the resident code, yet the record names the person the resident will see it about
        assertThat(jdbc.queryForList("SELECT recipient || ' ' || basis || ' ' || resident_code || ' ' || fields FROM provision_records",
                String.class)).containsExactly("agency-lg131016-kokuho kokuho " + hanako.residentCode().value() + " NAME,ADDRESS");
    }

    @Test
    void aChangeOfAnOlderResidenceFeedsOnlyIfItWasCurrentWhenItHappened() {
        IdentityInformation hanako = person(CHIYODA);
        UUID listed = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "ACTIVE");
        feeds.addTargets(listed, List.of(hanako.residentCode().value()));
        ChangeInformation moved = new ChangeInformation(ChangeReason.MOVE_OUT, LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 1));
        IdentityInformation leaving = hanako.movedOut(OSAKA, moved);
        IdentityInformation arrived = hanako.movedIn(OSAKA, new Address("大阪市北区1番"),
                new ChangeInformation(ChangeReason.MOVE_IN, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 2)));
        current(arrived);

        // the 転出 and the 転入 it led to in one batch: the 転出 was current when it happened
        fanOut(recorded(leaving), recorded(arrived));
        assertThat(feeds.after(listed, 0, 10)).extracting(SubscriptionEvent::reason)
                .containsExactly(ChangeReason.MOVE_OUT, ChangeReason.MOVE_IN);

        // the 除票 completed at the old municipality, arriving after the 転入: history only, no event
        fanOut(recorded(hanako.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, LocalDate.of(2026, 11, 2),
                LocalDate.of(2026, 11, 3)))));
        assertThat(feeds.head(listed)).isEqualTo(2);

        // a later change of the new residence feeds as usual
        fanOut(recorded(new IdentityInformation(arrived.residentCode(), arrived.myNumber(), PersonName.of("木村", "花子",
                "キムラ", "ハナコ"), arrived.dateOfBirth(), arrived.sex(), arrived.address(), arrived.municipality(),
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.NAME_CHANGE, LocalDate.of(2026, 11, 4),
                LocalDate.of(2026, 11, 4)), arrived.residence())));
        assertThat(feeds.head(listed)).isEqualTo(3);
    }

    @Test
    void aPulledPageIsWrittenExactlyAsTheEventsWouldBe() {
        IdentityInformation hanako = person(CHIYODA);
        UUID listed = subscription(NENKIN, SubscriptionMode.EVERY_CHANGE, TargetKind.LISTED, "ACTIVE");
        feeds.addTargets(listed, List.of(hanako.residentCode().value()));
        fanOut(change(hanako, ChangeReason.NAME_CHANGE, ResidentStatus.ACTIVE), change(hanako, ChangeReason.DEATH,
                ResidentStatus.REMOVED));
        // an extract's event: no change id, no reason
        transactions.executeWithoutResult(status -> feeds.append(listed, List.of(new SubscriptionFeeds.Appended(
                EventKind.MILESTONE, LocalDate.of(2026, 12, 1), hanako.residentCode().value(),
                JukiNetJson.mapper().writeValueAsString(LookupResult.provided(hanako, NENKIN.fields()))))));

        tools.jackson.databind.ObjectWriter writer = JukiNetJson.mapper().writerFor(SubscriptionEvent.class);
        List<String> expected = feeds.after(listed, 0, 10).stream()
                .map(event -> new String(writer.writeValueAsBytes(event), StandardCharsets.UTF_8) + "\n").toList();
        List<SubscriptionFeeds.EncodedEvent> encoded = feeds.encodedAfter(listed, 0, 10);
        assertThat(encoded).extracting(event -> new String(event.line(), StandardCharsets.UTF_8))
                .hasSize(3).containsExactlyElementsOf(expected);
        assertThat(encoded).extracting(SubscriptionFeeds.EncodedEvent::residentCode)
                .containsOnly(hanako.residentCode().value());
        assertThat(feeds.encodedAfter(listed, 1, 1)).extracting(SubscriptionFeeds.EncodedEvent::sequence)
                .containsExactly(2L);

        // the page's provisions are recorded about the person, with the rule's fields
        recorder.await(feeds.pulledPages(listed).submit(encoded));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM provision_records WHERE recipient = ? AND resident_code = ?",
                Long.class, NENKIN.recipient(), hanako.residentCode().value())).isEqualTo(3);
    }

    // --- helpers

    /** Makes {@code identity} the person's current record in the register's table (as the register would). */
    private void current(IdentityInformation identity) {
        jdbc.update("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                    sex, status, identity, last_change_id, updated_at, retention_until)
                VALUES (?, ?, ?, ?, 'x', ?, ?, ?, ?::jsonb, ?, now(), '2176-01-01')""", identity.residentCode().value(),
                identity.myNumber().value(), identity.municipality().prefecture().value(), identity.municipality().value(),
                identity.dateOfBirth(), identity.sex().name(), identity.status().name(),
                JukiNetJson.mapper().writeValueAsString(identity), UUID.randomUUID());
    }

    private static RecordedChange recorded(IdentityInformation identity) {
        return new RecordedChange(UUID.randomUUID(), NodeId.prefecture(identity.municipality().prefecture()), 1L,
                Instant.now(), identity, null, null);
    }

    private void fanOut(RecordedChange... changes) {
        transactions.executeWithoutResult(status -> feeds.fanOut(List.of(changes)));
    }

    private UUID subscription(ProvisionRule rule, SubscriptionMode mode, TargetKind target, String status) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO subscriptions (id, recipient, basis, mode, target, status, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, now(), now(), 0)""", id, rule.recipient(), rule.id(), mode.name(), target.name(),
                status);
        return id;
    }

    private IdentityInformation person(LocalGovernmentCode municipality) {
        long next = ++serial;
        return new IdentityInformation(ResidentCode.fromSerial(next), MyNumber.fromData(next * 7 + 3),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 4, 1), Sex.FEMALE,
                new Address("どこか1番"), municipality, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 4, 1), LocalDate.of(1990, 4, 2)));
    }

    private static RecordedChange change(IdentityInformation identity, ChangeReason reason, ResidentStatus status) {
        IdentityInformation changed = new IdentityInformation(identity.residentCode(), identity.myNumber(), identity.name(),
                identity.dateOfBirth(), identity.sex(), identity.address(), identity.municipality(), status,
                new ChangeInformation(reason, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)));
        return new RecordedChange(UUID.randomUUID(), NodeId.prefecture(identity.municipality().prefecture()), 1L,
                Instant.now(), changed, null, null);
    }

}
