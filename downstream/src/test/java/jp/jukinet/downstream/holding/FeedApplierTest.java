package jp.jukinet.downstream.holding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.downstream.DownstreamSystem;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.subscription.EventKind;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * A holder applies its feed strictly by sequence on its own PostgreSQL (migrations included): each
 * event once, a duplicate ignored, nothing from a gap on; a death or 国外転出 ends the card for good, a
 * 転出 within Japan does not.
 */
class FeedApplierTest {

    private static final EnumSet<IdentityField> FIELDS = EnumSet.of(IdentityField.NAME, IdentityField.ADDRESS,
            IdentityField.DATE_OF_BIRTH, IdentityField.SEX, IdentityField.RESIDENT_CODE, IdentityField.CHANGE_INFORMATION,
            IdentityField.STATUS);
    private static final ResidentCode CODE = ResidentCode.fromSerial(1_234_567_890L);

    private JdbcClient jdbc;
    private Holdings holdings;
    private FeedApplier applier;

    @BeforeEach
    void database() {
        TestDatabase database = TestPostgres.createDatabase("downstream");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/downstream").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC);
        holdings = new Holdings(jdbc, DownstreamSystem.CARD_MANAGEMENT);
        applier = new FeedApplier(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), holdings, clock);
        applier.subscribed(UUID.randomUUID());
        holdings.enrol(LookupResult.provided(person("山田", "東京都千代田区千代田1番1号", ResidentStatus.ACTIVE,
                ChangeReason.MOVE_IN_FROM_ABROAD), FIELDS), clock.instant());
    }

    @Test
    void eventsApplyOnceInSequenceDuplicatesAreIgnoredAndAGapStopsUntilFilled() {
        SubscriptionEvent one = event(1, "木村", "東京都千代田区永田町1丁目7番1号", ResidentStatus.ACTIVE, ChangeReason.NAME_CHANGE);
        SubscriptionEvent two = event(2, "木村", "東京都千代田区丸の内1丁目1番1号", ResidentStatus.ACTIVE, ChangeReason.MOVE_WITHIN);
        SubscriptionEvent three = event(3, "中村", "東京都千代田区丸の内1丁目1番1号", ResidentStatus.ACTIVE, ChangeReason.NAME_CHANGE);

        assertThat(applier.apply(List.of(one), FeedApplier.Channel.WEBHOOK)).isEqualTo(new FeedApplier.Applied(1, 0, null));
        // a batch sent again with one more event: the duplicate is left out
        assertThat(applier.apply(List.of(one, two), FeedApplier.Channel.WEBHOOK)).isEqualTo(new FeedApplier.Applied(1, 1, null));
        assertThat(holdings.find(CODE).orElseThrow().address()).isEqualTo("東京都千代田区丸の内1丁目1番1号");

        // 4 before 3: nothing of it is applied, the position stays at 2
        SubscriptionEvent four = event(4, "中村", "大阪府大阪市北区中之島1丁目3番20号", ResidentStatus.ACTIVE, ChangeReason.MOVE_IN);
        assertThat(applier.apply(List.of(four), FeedApplier.Channel.WEBHOOK)).isEqualTo(new FeedApplier.Applied(0, 0, 2L));
        assertThat(applier.appliedThrough()).isEqualTo(2);
        assertThat(holdings.find(CODE).orElseThrow().familyName()).isEqualTo("木村");
        // the pull fills the gap
        assertThat(applier.apply(List.of(three, four), FeedApplier.Channel.PULL)).isEqualTo(new FeedApplier.Applied(2, 0, null));
        Holding held = holdings.find(CODE).orElseThrow();
        assertThat(held.familyName()).isEqualTo("中村");
        assertThat(held.address()).isEqualTo("大阪府大阪市北区中之島1丁目3番20号");
        assertThat(held.lastSequence()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT sequence || channel FROM applied_events ORDER BY sequence").query(String.class).list())
                .containsExactly("1WEBHOOK", "2WEBHOOK", "3PULL", "4PULL");
    }

    @Test
    void aMoveOutWithinJapanEndsNothingADeathEndsTheCardForGood() {
        applier.apply(List.of(event(1, "山田", "東京都千代田区千代田1番1号", ResidentStatus.REMOVED, ChangeReason.MOVE_OUT)),
                FeedApplier.Channel.WEBHOOK);
        assertThat(holdings.find(CODE).orElseThrow().credential()).isEqualTo("ACTIVE");
        assertThat(holdings.find(CODE).orElseThrow().status()).isEqualTo(ResidentStatus.REMOVED);
        applier.apply(List.of(event(2, "山田", "大阪府大阪市北区中之島1丁目3番20号", ResidentStatus.ACTIVE, ChangeReason.MOVE_IN),
                event(3, "山田", "大阪府大阪市北区中之島1丁目3番20号", ResidentStatus.REMOVED, ChangeReason.DEATH)),
                FeedApplier.Channel.WEBHOOK);
        Holding dead = holdings.find(CODE).orElseThrow();
        assertThat(dead.credential()).isEqualTo("SUSPENDED");
        assertThat(dead.credentialReason()).isEqualTo(ChangeReason.DEATH);
        // a later correction of the record does not bring the card back
        applier.apply(List.of(event(4, "山田", "大阪府大阪市北区中之島1丁目3番20号", ResidentStatus.REMOVED,
                ChangeReason.EX_OFFICIO_CORRECTION)), FeedApplier.Channel.PULL);
        assertThat(holdings.find(CODE).orElseThrow().credential()).isEqualTo("SUSPENDED");
        assertThat(holdings.find(CODE).orElseThrow().credentialReason()).isEqualTo(ChangeReason.DEATH);
    }

    @Test
    void anEventOfAPersonNotHeldAdvancesThePositionAndChangesNothing() {
        SubscriptionEvent other = new SubscriptionEvent(1, EventKind.CHANGE, UUID.randomUUID(), ChangeReason.DEATH,
                LocalDate.of(2026, 12, 1), Instant.now(), LookupResult.provided(new IdentityInformation(
                ResidentCode.fromSerial(1_111_111_111L), MyNumber.fromData(10_000_000_001L), PersonName.of("佐藤", "一郎", "サトウ", "イチロウ"),
                LocalDate.of(1970, 1, 1), Sex.MALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.DEATH, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 1))), FIELDS));
        assertThat(applier.apply(List.of(other), FeedApplier.Channel.WEBHOOK).applied()).isEqualTo(1);
        assertThat(applier.appliedThrough()).isEqualTo(1);
        assertThat(holdings.counts()).isEqualTo(new Holdings.Counts(1, 0));
    }

    private static SubscriptionEvent event(long sequence, String family, String address, ResidentStatus status,
                                           ChangeReason reason) {
        return new SubscriptionEvent(sequence, EventKind.CHANGE, UUID.randomUUID(), reason, LocalDate.of(2026, 12, 1),
                Instant.now(), LookupResult.provided(person(family, address, status, reason), FIELDS));
    }

    private static IdentityInformation person(String family, String address, ResidentStatus status, ChangeReason reason) {
        return new IdentityInformation(CODE, MyNumber.fromData(10_000_000_000L), PersonName.of(family, "花子", "カナ", "ハナコ"),
                LocalDate.of(1990, 4, 1), Sex.FEMALE, new Address(address), LocalGovernmentCode.of("131016"), status,
                new ChangeInformation(reason, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1)));
    }
}
