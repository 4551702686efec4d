package jp.jukinet.service.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

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
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.notice.Tier;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Poison notices (issue #15) through the real {@link NoticeInbox}, {@link AdmitNotices} and
 * register on PostgreSQL, as J-LIS receives a prefecture's stream. The applier here records like
 * the national server and also writes each change id into a table with a unique key: a row the test
 * puts there first is a real constraint (SQLState 23505) that refuses one notice for good, and a
 * row another connection inserts without committing makes the notice wait for a lock until the
 * lock timeout (SQLState 55P03), a transient failure.
 */
class PoisonNoticesTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final NodeId PREF_13 = NodeId.of("pref-13");
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private ResidentRegister register;
    private ParkedNotices parked;
    private SimpleMeterRegistry meters;
    private NoticeInbox inbox;
    private ParkedNoticesEndpoint operator;
    private long sequence;
    private int serial = 1_100_000_000;
    private final Map<ResidentCode, LocalGovernmentCode> allocated = new HashMap<>();

    @BeforeEach
    void freshDatabase() throws Exception {
        database = TestPostgres.createDatabase("poison");
        database.migrate("classpath:db/register", "classpath:db/inbox");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE applied_changes (change_id uuid PRIMARY KEY)");
        }
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
                database.username(), database.password());
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        register = new ResidentRegister(jdbc, JukiNetJson.mapper(), new RegisterSettings(Period.ofYears(150)));
        parked = new ParkedNotices(jdbc, JukiNetJson.mapper());
        meters = new SimpleMeterRegistry();
        AdmitNotices.CodeAllocations allocations = claims -> {
            Set<ResidentCode> granted = new HashSet<>();
            claims.forEach((code, municipality) -> {
                if (municipality.equals(allocated.get(code))) {
                    granted.add(code);
                }
            });
            return granted;
        };
        AdmitNotices admission = new AdmitNotices(JdbcClient.create(jdbc), register, parked, NoticeOwnership.national(),
                allocations, meters, Clock.systemUTC());
        NoticeApplier applier = new NoticeApplier() {
            @Override
            public boolean accepts(NodeId source) {
                return source.tier() == Tier.PREFECTURAL;
            }

            @Override
            public boolean speaksFor(NodeId source, LocalGovernmentCode municipality) {
                return source.equals(NodeId.prefecture(municipality.prefecture()));
            }

            @Override
            public void apply(List<ChangeNotice> inOrder) {
                record(admission.admit(inOrder));
            }

            @Override
            public void applyReleased(ChangeNotice refused) {
                record(admission.retry(refused));
            }

            private void record(List<ChangeNotice> admitted) {
                jdbc.execute("SET LOCAL lock_timeout = '300ms'");
                List<RecordedChange> changes = new ArrayList<>();
                for (ChangeNotice notice : admitted) {
                    jdbc.update("INSERT INTO applied_changes (change_id) VALUES (?)", notice.changeId());
                    changes.add(new RecordedChange(notice.changeId(), notice.source(), notice.sequence(), Instant.now(),
                            notice.identity(), notice.previousResidentCode(), notice.previousMyNumber()));
                }
                register.record(changes);
            }
        };
        inbox = new NoticeInbox(jdbc, transactions, JukiNetJson.mapper(), applier, parked, meters, Clock.systemUTC());
        operator = new ParkedNoticesEndpoint(parked, applier, transactions, Clock.systemUTC());
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(PeerIdentityFilter.CALLER_ATTRIBUTE, "operator-night");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aPoisonNoticeIsParkedTheStreamGoesOnItsResidentWaitsAndReleaseAppliesItOnce() {
        IdentityInformation first = born();
        IdentityInformation poisoned = born();
        IdentityInformation third = born();
        List<ChangeNotice> batch = List.of(notice(first), notice(poisoned), notice(third));
        conflict(batch.get(1).changeId());

        assertThat(receive(batch)).isEqualTo(3);

        assertThat(register.find(first.residentCode())).contains(first);
        assertThat(register.find(third.residentCode())).contains(third);
        assertThat(register.find(poisoned.residentCode())).isEmpty();
        List<ParkedNotices.Parked> parkedNow = parked.list(10);
        assertThat(parkedNow).singleElement().satisfies(entry -> {
            assertThat(entry.notice()).isEqualTo(batch.get(1));
            assertThat(entry.reason()).isEqualTo(NoticeOwnership.Reason.REFUSED);
            assertThat(entry.problem()).contains("DuplicateKeyException").contains("23505")
                    .doesNotContain(poisoned.residentCode().value()).doesNotContain(poisoned.myNumber().value());
        });
        assertThat(meters.counter("jukinet.notices.parked", "reason", "REFUSED").count()).isEqualTo(1);

        // the next batch: the poisoned resident's later notice waits behind it, another resident applies
        IdentityInformation renamed = renamed(poisoned);
        IdentityInformation fourth = born();
        assertThat(receive(List.of(notice(renamed), notice(fourth)))).isEqualTo(5);
        assertThat(register.find(fourth.residentCode())).contains(fourth);
        assertThat(register.find(poisoned.residentCode())).isEmpty();
        assertThat(parked.list(10)).extracting(ParkedNotices.Parked::reason)
                .containsExactly(NoticeOwnership.Reason.REFUSED, NoticeOwnership.Reason.BEHIND_PARKED);

        // released before its cause is fixed: refused again, still parked, the other still waits
        assertThat(operator.release("pref-13", 2).getBody()).containsEntry("outcome", "REFUSED");
        assertThat(parked.count()).isEqualTo(2);
        assertThat(register.find(poisoned.residentCode())).isEmpty();

        // the operator removes the conflicting row and releases it: applied once, the waiting one follows
        jdbc.update("DELETE FROM applied_changes WHERE change_id = ?", batch.get(1).changeId());
        assertThat(operator.release("pref-13", 2).getBody()).containsEntry("outcome", "APPLIED");
        assertThat(register.find(poisoned.residentCode())).contains(renamed);
        assertThat(register.history(poisoned.residentCode())).hasSize(2);
        assertThat(parked.count()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM applied_changes WHERE change_id = ?", Long.class,
                batch.get(1).changeId())).isOne();

        // a second release finds nothing parked; the notice sent again is a duplicate, not applied twice
        assertThat(operator.release("pref-13", 2).getStatus()).isEqualTo(404);
        assertThat(receive(List.of(batch.get(1)))).isEqualTo(5);
        assertThat(register.history(poisoned.residentCode())).hasSize(2);
    }

    @Test
    void discardRemovesThePoisonNoticeRecordsWhoAndTheOneWaitingBehindItGoesOn() {
        IdentityInformation poisoned = born();
        ChangeNotice poison = notice(poisoned);
        conflict(poison.changeId());
        assertThat(receive(List.of(poison))).isEqualTo(1);
        // the birth never applies; a correction of the same resident waits behind it
        ChangeNotice behind = notice(renamed(poisoned));
        assertThat(receive(List.of(behind))).isEqualTo(2);
        assertThat(parked.count()).isEqualTo(2);

        Map<String, Object> answer = operator.discard("pref-13", 1).getBody();

        assertThat(answer).containsEntry("outcome", "DISCARDED").containsEntry("by", "operator-night");
        Map<String, Object> discarded = jdbc.queryForMap(
                "SELECT source, sequence, reason, discarded_by, discarded_at FROM discarded_notices");
        assertThat(discarded).containsEntry("source", "pref-13").containsEntry("sequence", 1L)
                .containsEntry("reason", "REFUSED").containsEntry("discarded_by", "operator-night");
        assertThat(discarded.get("discarded_at")).isNotNull();
        // the correction that waited behind it was tried at once: the code was allocated to its
        // municipality, so J-LIS takes it as the person's first record
        assertThat(answer).containsEntry("next", "APPLIED");
        assertThat(parked.count()).isZero();
        assertThat(register.find(poisoned.residentCode())).map(IdentityInformation::name)
                .contains(renamed(poisoned).name());
        assertThat(operator.discard("pref-13", 1).getStatus()).isEqualTo(404);
        assertThat(operator.release("pref-13", 2).getStatus()).isEqualTo(404);
    }

    @Test
    void anOperatorReleasesOnlyARefusedNoticeANoticeParkedForOwnershipWaitsForItsOwner() {
        IdentityInformation unallocated = new IdentityInformation(ResidentCode.fromSerial(1_199_999_999L),
                MyNumber.random(new java.util.Random(7)), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                LocalDate.of(1990, 1, 1), Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), CHIYODA,
                ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, DAY, DAY));
        assertThat(receive(List.of(notice(unallocated)))).isEqualTo(1);
        assertThat(parked.list(10)).extracting(ParkedNotices.Parked::reason)
                .containsExactly(NoticeOwnership.Reason.CODE_NOT_ALLOCATED);

        assertThat(operator.release("pref-13", 1).getStatus()).isEqualTo(409);
        assertThat(register.find(unallocated.residentCode())).isEmpty();
        assertThat(parked.count()).isOne();
    }

    @Test
    void theOperatorListSaysWhatAndWhyWithoutTheName() {
        IdentityInformation poisoned = born();
        ChangeNotice poison = notice(poisoned);
        conflict(poison.changeId());
        receive(List.of(poison));

        Map<String, Object> list = operator.list();

        assertThat(list).containsEntry("count", 1L);
        assertThat(list.get("parked").toString()).contains(poisoned.residentCode().value()).contains("REFUSED")
                .contains("BIRTH").doesNotContain("山田").doesNotContain(poisoned.myNumber().value());
    }

    @Test
    void aTransientFailureIsNotParkedTheBatchIsRolledBackAndAppliesWhenSentAgain() throws Exception {
        IdentityInformation first = born();
        IdentityInformation second = born();
        List<ChangeNotice> batch = List.of(notice(first), notice(second));
        try (Connection other = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO applied_changes (change_id) VALUES (?)")) {
                insert.setObject(1, batch.get(1).changeId());
                insert.executeUpdate();
            }
            // the second notice waits for the other transaction's row until the lock timeout
            assertThatThrownBy(() -> receive(batch)).satisfies(failure ->
                    assertThat(NoticeFailures.isTransient(failure)).as("%s", failure).isTrue());
            assertThat(inbox.appliedThrough(PREF_13)).isZero();
            assertThat(register.find(first.residentCode())).isEmpty();
            assertThat(parked.count()).isZero();
            other.rollback();
        }

        assertThat(receive(batch)).isEqualTo(2);
        assertThat(register.find(first.residentCode())).contains(first);
        assertThat(register.find(second.residentCode())).contains(second);
        assertThat(parked.count()).isZero();
        assertThat(meters.find("jukinet.notices.parked").counters()).isEmpty();
    }

    private long receive(List<ChangeNotice> notices) {
        return inbox.receive(new ChangeNoticeBatch(PREF_13, notices)).upToSequence();
    }

    private void conflict(UUID changeId) {
        jdbc.update("INSERT INTO applied_changes (change_id) VALUES (?)", changeId);
    }

    private IdentityInformation born() {
        ResidentCode code = ResidentCode.fromSerial(++serial);
        allocated.put(code, CHIYODA);
        return new IdentityInformation(code, MyNumber.random(new java.util.Random(serial)),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    }

    private static IdentityInformation renamed(IdentityInformation person) {
        return new IdentityInformation(person.residentCode(), person.myNumber(),
                PersonName.of("山田", "春子", "ヤマダ", "ハルコ"), person.dateOfBirth(), person.sex(), person.address(),
                CHIYODA, ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.NAME_CHANGE, DAY, DAY), 0);
    }

    private ChangeNotice notice(IdentityInformation identity) {
        return ChangeNotice.of(UUID.randomUUID(), PREF_13, ++sequence, Instant.now(), identity);
    }

}
