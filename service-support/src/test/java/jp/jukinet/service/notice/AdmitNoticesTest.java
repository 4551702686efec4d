package jp.jukinet.service.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * A receiving tier applies what the sender owns and parks the rest, against real PostgreSQL, as the
 * national server does (it knows where every code was allocated): a forged notice about another
 * municipality's resident changes nothing; a real move-in that arrives before the release by the
 * municipality the person left waits and is applied when the release arrives, also when the two
 * come at the same moment from two sources.
 */
class AdmitNoticesTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final LocalGovernmentCode SHIBUYA = LocalGovernmentCode.of("131130");
    static final LocalGovernmentCode OSAKA = LocalGovernmentCode.of("271004");
    static final NodeId PREF_13 = NodeId.of("pref-13");
    static final NodeId PREF_27 = NodeId.of("pref-27");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ResidentRegister register;
    private ParkedNotices parked;
    private AdmitNotices admission;
    private SimpleMeterRegistry meters;
    private final Map<NodeId, Long> sequences = new HashMap<>();
    private final Map<ResidentCode, LocalGovernmentCode> allocated = new HashMap<>();
    private int serial = 1_000_000_000;

    @BeforeEach
    void freshDatabase() throws Exception {
        TestDatabase database = TestPostgres.createDatabase("admit");
        database.migrate("classpath:db/register", "classpath:db/inbox");
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
                database.username(), database.password());
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        register = new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150)));
        parked = new ParkedNotices(jdbc, JukiNetJson.mapper());
        meters = new SimpleMeterRegistry();
        AdmitNotices.CodeAllocations allocations = claims -> {
            Set<ResidentCode> granted = new java.util.HashSet<>();
            claims.forEach((code, municipality) -> {
                if (municipality.equals(allocated.get(code))) {
                    granted.add(code);
                }
            });
            return granted;
        };
        admission = new AdmitNotices(JdbcClient.create(jdbc), register, parked, NoticeOwnership.national(), allocations,
                meters, Clock.systemUTC());
    }

    @Test
    void aForgedMoveInOfAnotherMunicipalitysResidentIsParkedAndChangesNothing() {
        IdentityInformation victim = born(OSAKA);
        receive(PREF_27, victim);
        IdentityInformation forged = victim.movedIn(CHIYODA, new Address("東京都千代田区千代田1番1号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));

        List<ChangeNotice> applied = receive(PREF_13, forged);

        assertThat(applied).isEmpty();
        assertThat(register.find(victim.residentCode())).contains(victim);
        assertThat(parked.count()).isOne();
        assertThat(meters.counter("jukinet.notices.parked", "reason", "AWAITING_RELEASE").count()).isEqualTo(1);
    }

    @Test
    void aNewPersonUnderACodeAllocatedElsewhereIsParked() {
        IdentityInformation real = born(OSAKA);
        IdentityInformation forged = new IdentityInformation(real.residentCode(), real.myNumber(), real.name(),
                real.dateOfBirth(), real.sex(), new Address("東京都千代田区千代田1番1号"), CHIYODA, ResidentStatus.ACTIVE,
                real.change());

        assertThat(receive(PREF_13, forged)).isEmpty();
        assertThat(register.find(real.residentCode())).isEmpty();
        assertThat(receive(PREF_27, real)).hasSize(1);
        assertThat(register.find(real.residentCode())).contains(real);
    }

    @Test
    void aNoticeCarryingAnotherPersonsMyNumberNeverRemovesThatPerson() {
        IdentityInformation victim = born(OSAKA);
        receive(PREF_27, victim);
        IdentityInformation own = born(CHIYODA);
        IdentityInformation stolenNumber = new IdentityInformation(own.residentCode(), victim.myNumber(), own.name(),
                own.dateOfBirth(), own.sex(), own.address(), CHIYODA, ResidentStatus.ACTIVE, own.change(), 1);

        assertThat(receive(PREF_13, stolenNumber)).isEmpty();
        assertThat(register.find(victim.residentCode())).contains(victim);
        assertThat(register.find(own.residentCode())).isEmpty();
    }

    @Test
    void aMoveInThatArrivesBeforeTheReleaseWaitsAndLaterNoticesOfItsSenderWaitBehindIt() {
        IdentityInformation atChiyoda = born(CHIYODA);
        receive(PREF_13, atChiyoda);
        IdentityInformation atOsaka = atChiyoda.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
        IdentityInformation renamed = new IdentityInformation(atOsaka.residentCode(), atOsaka.myNumber(),
                PersonName.of("山田", "春子", "ヤマダ", "ハルコ"), atOsaka.dateOfBirth(), atOsaka.sex(), atOsaka.address(),
                OSAKA, ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.NAME_CHANGE, DAY, DAY), 1);

        assertThat(receive(PREF_27, atOsaka)).isEmpty();
        assertThat(receive(PREF_27, renamed)).isEmpty();
        assertThat(parked.count()).isEqualTo(2);
        assertThat(register.find(atChiyoda.residentCode())).contains(atChiyoda);

        // the municipality the person left releases them to Osaka: both waiting notices apply, in order
        IdentityInformation released = atChiyoda.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY));
        List<ChangeNotice> applied = receive(PREF_13, released);

        assertThat(applied).extracting(notice -> notice.identity().change().reason())
                .containsExactly(ChangeReason.MOVE_OUT, ChangeReason.MOVE_IN, ChangeReason.NAME_CHANGE);
        assertThat(register.find(atChiyoda.residentCode())).contains(renamed);
        assertThat(parked.count()).isZero();
        assertThat(meters.counter("jukinet.notices.released").count()).isEqualTo(2);
    }

    @Test
    void aReleaseToAnotherMunicipalityDoesNotLetTheSenderIn() {
        IdentityInformation atChiyoda = born(CHIYODA);
        receive(PREF_13, atChiyoda);
        receive(PREF_13, atChiyoda.movedOut(SHIBUYA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY)));
        IdentityInformation forged = atChiyoda.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));

        assertThat(receive(PREF_27, forged)).isEmpty();
        assertThat(register.find(atChiyoda.residentCode()).orElseThrow().status()).isEqualTo(ResidentStatus.REMOVED);
        assertThat(meters.counter("jukinet.notices.parked", "reason", "NOT_RELEASED_TO_SENDER").count()).isEqualTo(1);
    }

    @Test
    void aLateRemovalByTheMunicipalityThePersonLeftIsAppliedAfterTheMoveIn() {
        IdentityInformation atChiyoda = born(CHIYODA);
        receive(PREF_13, atChiyoda);
        IdentityInformation released = atChiyoda.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY));
        receive(PREF_13, released);
        IdentityInformation atOsaka = atChiyoda.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
        receive(PREF_27, atOsaka);
        // an ex officio correction of the removed record at the old municipality, after the move
        IdentityInformation corrected = new IdentityInformation(released.residentCode(), released.myNumber(),
                released.name(), released.dateOfBirth(), released.sex(), released.address(), CHIYODA,
                ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.EX_OFFICIO_CORRECTION, DAY, DAY), 0, OSAKA);

        assertThat(receive(PREF_13, corrected)).hasSize(1);
        assertThat(register.find(atChiyoda.residentCode())).contains(atOsaka);
        // a municipality that never held the person cannot add to that older residence
        IdentityInformation foreign = new IdentityInformation(released.residentCode(), released.myNumber(),
                released.name(), released.dateOfBirth(), released.sex(), released.address(), SHIBUYA,
                ResidentStatus.REMOVED, new ChangeInformation(ChangeReason.EX_OFFICIO_CORRECTION, DAY, DAY), 0);
        assertThat(receive(PREF_13, foreign)).isEmpty();
    }

    @Test
    void aCancelledMoveOutRestoresTheRecordOnlyFromTheMunicipalityHoldingThatResidence() {
        IdentityInformation atChiyoda = born(CHIYODA);
        receive(PREF_13, atChiyoda);
        IdentityInformation removed = atChiyoda.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY));
        receive(PREF_13, removed);
        ChangeInformation cancellation = new ChangeInformation(ChangeReason.MOVE_OUT_CANCELLATION, DAY, DAY);

        // neither the planned destination nor another municipality may restore the person: not at their residence
        IdentityInformation byOsaka = new IdentityInformation(removed.residentCode(), removed.myNumber(), removed.name(),
                removed.dateOfBirth(), removed.sex(), new Address("大阪府大阪市北区中之島1丁目3番20号"), OSAKA,
                ResidentStatus.ACTIVE, cancellation, 0);
        IdentityInformation byOsakaNext = new IdentityInformation(removed.residentCode(), removed.myNumber(), removed.name(),
                removed.dateOfBirth(), removed.sex(), new Address("大阪府大阪市北区中之島1丁目3番20号"), OSAKA,
                ResidentStatus.ACTIVE, cancellation, 1);
        IdentityInformation byShibuya = new IdentityInformation(removed.residentCode(), removed.myNumber(), removed.name(),
                removed.dateOfBirth(), removed.sex(), removed.address(), SHIBUYA, ResidentStatus.ACTIVE, cancellation, 0);
        assertThat(receive(PREF_27, byOsaka)).isEmpty();
        assertThat(receive(PREF_27, byOsakaNext)).isEmpty();
        assertThat(register.find(atChiyoda.residentCode())).contains(removed);
        assertThat(parked.count()).isEqualTo(2);

        // the municipality whose 転出届 removed the record restores it
        IdentityInformation restored = new IdentityInformation(removed.residentCode(), removed.myNumber(), removed.name(),
                removed.dateOfBirth(), removed.sex(), removed.address(), CHIYODA, ResidentStatus.ACTIVE, cancellation, 0);
        assertThat(receive(PREF_13, restored)).hasSize(1);
        assertThat(register.find(atChiyoda.residentCode())).contains(restored);
        // the others, tried again after it, still change nothing, nor does another municipality of the prefecture
        assertThat(receive(PREF_13, byShibuya)).isEmpty();
        assertThat(register.find(atChiyoda.residentCode())).contains(restored);
        assertThat(parked.count()).isEqualTo(3);
        assertThat(meters.counter("jukinet.notices.parked", "reason", "HELD_BY_ANOTHER").count()).isPositive();
    }

    @Test
    void aReleaseAndTheMoveInArrivingTogetherFromTwoSourcesAlwaysEndWithTheMoveInApplied() throws Exception {
        for (int round = 0; round < 20; round++) {
            IdentityInformation atChiyoda = born(CHIYODA);
            receive(PREF_13, atChiyoda);
            IdentityInformation released = atChiyoda.movedOut(OSAKA, new ChangeInformation(ChangeReason.MOVE_OUT, DAY, DAY));
            IdentityInformation atOsaka = atChiyoda.movedIn(OSAKA, new Address("大阪府大阪市北区中之島1丁目3番20号"),
                    new ChangeInformation(ChangeReason.MOVE_IN, DAY, DAY));
            ChangeNotice release = notice(PREF_13, released);
            ChangeNotice moveIn = notice(PREF_27, atOsaka);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> receiveTogether(release, together));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> receiveTogether(moveIn, together));
            CompletableFuture.allOf(first, second).join();

            assertThat(register.find(atChiyoda.residentCode())).as("round %d", round).contains(atOsaka);
            assertThat(parked.count()).as("round %d", round).isZero();
        }
    }

    private void receiveTogether(ChangeNotice notice, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        transactions.executeWithoutResult(status -> record(admission.admit(List.of(notice))));
    }

    private IdentityInformation born(LocalGovernmentCode municipality) {
        ResidentCode code = ResidentCode.fromSerial(++serial);
        allocated.put(code, municipality);
        return new IdentityInformation(code, MyNumber.random(new java.util.Random(serial)),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
                new Address(municipality.equals(OSAKA) ? "大阪府大阪市北区中之島1丁目3番20号" : "東京都千代田区千代田1番1号"),
                municipality, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    }

    private ChangeNotice notice(NodeId source, IdentityInformation identity) {
        long sequence = sequences.merge(source, 1L, Long::sum);
        return ChangeNotice.of(UUID.randomUUID(), source, sequence, Instant.now(), identity);
    }

    private List<ChangeNotice> receive(NodeId source, IdentityInformation identity) {
        ChangeNotice notice = notice(source, identity);
        return transactions.execute(status -> {
            List<ChangeNotice> admitted = admission.admit(List.of(notice));
            record(admitted);
            return admitted;
        });
    }

    private void record(List<ChangeNotice> admitted) {
        List<RecordedChange> changes = new ArrayList<>();
        admitted.forEach(notice -> changes.add(new RecordedChange(notice.changeId(), notice.source(), notice.sequence(),
                Instant.now(), notice.identity(), notice.previousResidentCode(), notice.previousMyNumber())));
        register.record(changes);
    }

}
