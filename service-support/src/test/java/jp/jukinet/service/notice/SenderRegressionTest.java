package jp.jukinet.service.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;

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
import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.notice.Tier;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.RegisterSettings;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.service.web.Refusal;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sender restored from a backup (issue #15), with a real {@link NoticePublisher} on the sender's
 * PostgreSQL database and a real {@link NoticeInbox} on the receiver's, joined in the JVM (the
 * network test does it over mTLS). The backup is a {@code CREATE DATABASE … TEMPLATE} of the
 * sender's database; the restored sender is a publisher on that copy.
 */
class SenderRegressionTest {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");
    static final NodeId CS = NodeId.cs(CHIYODA);
    static final JsonMapper JSON = JukiNetJson.mapper();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Node sender;
    private Receiver receiver;
    private int serial = 1_300_000_000;

    /** A sender's database, register, outbox and publisher. */
    private final class Node {
        final TestDatabase database;
        final JdbcTemplate jdbc;
        final TransactionTemplate transactions;
        final ResidentRegister register;
        final NoticeOutbox outbox;
        final NoticePublisher publisher;

        Node(TestDatabase database) {
            this(database, true);
        }

        Node(TestDatabase database, boolean canTakeBack) {
            this.database = database;
            SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                    database.jdbcUrl(), database.username(), database.password());
            jdbc = new JdbcTemplate(dataSource);
            transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            register = new ResidentRegister(jdbc, JSON, new RegisterSettings(Period.ofYears(150)));
            outbox = new NoticeOutbox(jdbc, JSON, () -> { });
            TakeBackNotices takeBack = own -> register.record(own.stream()
                    .map(notice -> new RecordedChange(notice.changeId(), CS, null, notice.committedAt(), notice.identity(),
                            notice.previousResidentCode(), notice.previousMyNumber()))
                    .toList());
            publisher = new NoticePublisher(CS, JdbcClient.create(jdbc), transactions, receiver,
                    new OutboxSettings(URI.create("https://pref-13.test"), 2, Duration.ofMillis(50), 1,
                            Duration.ofMillis(10), Duration.ofMillis(10), null),
                    JSON, canTakeBack ? takeBack : null, meters);
        }

        IdentityInformation register() {
            IdentityInformation born = born();
            transactions.executeWithoutResult(status -> {
                RecordedChange change = new RecordedChange(UUID.randomUUID(), CS, null, Instant.now(), born, null, null);
                register.record(List.of(change));
                outbox.append(change);
            });
            return born;
        }

        void deliverAll() {
            while (publisher.publishOnce() > 0 || outbox.pending() > 0) {
                // each round sends a batch of at most two
            }
        }

        long count(String sql) {
            return JdbcClient.create(jdbc).sql(sql).query(Long.class).single();
        }
    }

    /** The prefecture's side: a real inbox on its own database, called in the JVM as over HTTP. */
    private final class Receiver implements NoticeSender {
        final JdbcTemplate jdbc;
        final ResidentRegister register;
        final NoticeInbox inbox;

        Receiver(TestDatabase database) {
            SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                    database.jdbcUrl(), database.username(), database.password());
            jdbc = new JdbcTemplate(dataSource);
            register = new ResidentRegister(jdbc, JSON, new RegisterSettings(Period.ofYears(150)));
            NoticeApplier applier = new NoticeApplier() {
                @Override
                public boolean accepts(NodeId source) {
                    return source.tier() == Tier.MUNICIPAL;
                }

                @Override
                public boolean speaksFor(NodeId source, LocalGovernmentCode municipality) {
                    return source.equals(NodeId.cs(municipality));
                }

                @Override
                public void apply(List<ChangeNotice> inOrder) {
                    register.record(inOrder.stream()
                            .map(notice -> new RecordedChange(notice.changeId(), notice.source(), notice.sequence(),
                                    Instant.now(), notice.identity(), notice.previousResidentCode(),
                                    notice.previousMyNumber()))
                            .toList());
                }

                @Override
                public void applyReleased(ChangeNotice refused) {
                    apply(List.of(refused));
                }
            };
            inbox = new NoticeInbox(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), JSON,
                    applier, new ParkedNotices(jdbc, JSON), meters, Clock.systemUTC());
        }

        @Override
        public Acknowledgement send(EncodedBatch batch) {
            try {
                return inbox.receive(JSON.readValue(batch.json(), ChangeNoticeBatch.class));
            } catch (Refusal refusal) {
                if (refusal.kind() == Refusal.Kind.CONFLICT) {
                    throw HttpClientErrorException.create(HttpStatus.CONFLICT, "Conflict", HttpHeaders.EMPTY, null, null);
                }
                throw refusal;
            }
        }

        @Override
        public SentNotices sent(NodeId source, long after, int limit) {
            return inbox.sent(source, after, limit);
        }

        long count(String sql) {
            return JdbcClient.create(jdbc).sql(sql).query(Long.class).single();
        }
    }

    @BeforeEach
    void network() throws Exception {
        TestDatabase receiving = TestPostgres.createDatabase("regression_pref");
        receiving.migrate("classpath:db/register", "classpath:db/inbox");
        receiver = new Receiver(receiving);
        sender = new Node(senderDatabase());
    }

    private static TestDatabase senderDatabase() throws Exception {
        TestDatabase sending = TestPostgres.createDatabase("regression_cs");
        sending.migrate("classpath:db/register", "classpath:db/outbox");
        return sending;
    }

    @Test
    void aNewDatabaseTakesBackTheWholeStreamAndANodeThatCannotTakeBackStops() throws Exception {
        List<IdentityInformation> everyone = List.of(sender.register(), sender.register(), sender.register());
        sender.deliverAll();

        // a node that cannot take back (a prefecture server) stops: nothing numbered, nothing sent
        Node cannot = new Node(senderDatabase(), false);
        IdentityInformation waiting = cannot.register();
        assertThatThrownBy(cannot.publisher::publishOnce).isInstanceOf(SequenceRegression.class)
                .hasMessageContaining("cannot take back");
        assertThat(cannot.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.REGRESSED);
        assertThat(cannot.count("SELECT count(*) FROM notice_outbox WHERE sequence IS NOT NULL")).isZero();
        assertThat(receiver.register.find(waiting.residentCode())).isEmpty();

        // a node with numbered notices of another epoch stops for an operator
        Node other = new Node(senderDatabase());
        JdbcClient.create(other.jdbc).sql("UPDATE notice_outbox_state SET last_sequence = 1").update();
        assertThatThrownBy(other.publisher::verify).isInstanceOf(SequenceRegression.class)
                .hasMessageContaining("another epoch");
        assertThat(receiver.inbox.appliedThrough(CS)).isEqualTo(3);

        // a new, empty database takes back the whole stream and continues it under the receiver's epoch
        Node fresh = new Node(senderDatabase());
        fresh.publisher.verify();
        assertThat(fresh.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
        assertThat(fresh.count("SELECT last_sequence FROM notice_outbox_state")).isEqualTo(3);
        assertThat(JdbcClient.create(fresh.jdbc).sql("SELECT epoch FROM notice_outbox_state").query(UUID.class).single())
                .isEqualTo(JdbcClient.create(sender.jdbc).sql("SELECT epoch FROM notice_outbox_state").query(UUID.class).single());
        for (IdentityInformation person : everyone) {
            assertThat(fresh.register.find(person.residentCode())).contains(person);
        }
        IdentityInformation next = fresh.register();
        fresh.deliverAll();
        assertThat(receiver.inbox.appliedThrough(CS)).isEqualTo(4);
        assertThat(receiver.register.find(next.residentCode())).contains(next);
    }

    @Test
    void anAcknowledgementAboveWhatTheSenderNumberedIsRefusedAndMarksNothing() {
        sender.register();
        sender.register();
        sender.publisher.verify();
        assertThat(sender.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);

        // nothing numbered yet: an acknowledgement of 1 is above the head (0)
        assertThatThrownBy(() -> sender.publisher.acknowledge(new Acknowledgement(CS, 1), 1))
                .isInstanceOf(SequenceRegression.class)
                .hasMessageContaining("numbered only up to 0");
        assertThat(sender.count("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NOT NULL")).isZero();
        assertThat(sender.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.REGRESSED);
        assertThat(meters.get("jukinet.outbox.regressed").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("jukinet.outbox.regressions").counter().count()).isEqualTo(1.0);

        // the next round verifies again (the receiver holds nothing beyond), numbers and delivers
        sender.deliverAll();
        assertThat(sender.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
        assertThat(meters.get("jukinet.outbox.regressed").gauge().value()).isZero();
        assertThat(sender.count("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NOT NULL")).isEqualTo(2);
        // an acknowledgement at the head is taken; one above it is refused and unmarks nothing either
        assertThat(sender.publisher.acknowledge(new Acknowledgement(CS, 2), 3)).isZero();
        assertThatThrownBy(() -> sender.publisher.acknowledge(new Acknowledgement(CS, 3), 3))
                .isInstanceOf(SequenceRegression.class);
        assertThat(sender.count("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NOT NULL")).isEqualTo(2);
        assertThatThrownBy(() -> sender.publisher.acknowledge(new Acknowledgement(NodeId.cs(LocalGovernmentCode.of("131024")), 1), 1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRestoredSenderTakesBackWhatItSentAfterItsBackupAndItsNewChangesArrive() throws Exception {
        List<IdentityInformation> everyone = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            everyone.add(sender.register());
        }
        sender.deliverAll();
        // committed before the backup but numbered after it: the receiver gives it back under that number
        everyone.add(sender.register());
        TestDatabase backup = backup(sender.database);
        sender.deliverAll();
        for (int i = 0; i < 4; i++) {
            everyone.add(sender.register());
        }
        sender.deliverAll();
        assertThat(receiver.inbox.appliedThrough(CS)).isEqualTo(8);

        // restored from the backup (head 3, one change unnumbered); a clerk registers two more before it verifies
        Node restored = new Node(backup);
        assertThat(restored.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.UNVERIFIED);
        everyone.add(restored.register());
        everyone.add(restored.register());
        restored.deliverAll();

        assertThat(restored.publisher.lineage()).isEqualTo(NoticePublisher.Lineage.VERIFIED);
        assertThat(receiver.inbox.appliedThrough(CS)).isEqualTo(10);
        assertThat(restored.count("SELECT last_sequence FROM notice_outbox_state")).isEqualTo(10);
        assertThat(restored.count("SELECT count(*) FROM notice_outbox WHERE acknowledged_at IS NULL")).isZero();
        assertThat(restored.count("SELECT count(DISTINCT sequence) FROM notice_outbox")).isEqualTo(10);
        for (IdentityInformation person : everyone) {
            assertThat(restored.register.find(person.residentCode())).as("at the restored sender").contains(person);
            assertThat(receiver.register.find(person.residentCode())).as("at the receiver").contains(person);
        }
        assertThat(restored.count("SELECT count(*) FROM resident_history")).isEqualTo(10);
        assertThat(receiver.count("SELECT count(*) FROM resident_history")).isEqualTo(10);
        assertThat(receiver.count("SELECT count(*) FROM inbox_log")).isEqualTo(10);
        assertThat(meters.get("jukinet.outbox.regressions").counter().count()).isEqualTo(1.0);
        // the epoch went with every batch (the restored copy has the original's)
        assertThat(receiver.count("SELECT count(*) FROM inbound_progress WHERE epoch IS NOT NULL")).isEqualTo(1);
        assertThat(JdbcClient.create(receiver.jdbc).sql("SELECT epoch FROM inbound_progress").query(UUID.class).single())
                .isEqualTo(JdbcClient.create(restored.jdbc).sql("SELECT epoch FROM notice_outbox_state")
                        .query(UUID.class).single());
    }

    @Test
    void theReceiverRefusesAppliedSequencesUnderAnotherChangeOrEpochAndAnswersTheSourceItsOwn() {
        IdentityInformation first = born();
        IdentityInformation second = born();
        UUID epoch = UUID.randomUUID();
        receiver.inbox.receive(new ChangeNoticeBatch(CS, List.of(notice(1, first), notice(2, second)), epoch));

        // the same sequence, another change: refused whole (409), nothing applied
        IdentityInformation third = born();
        assertThatThrownBy(() -> receiver.inbox.receive(new ChangeNoticeBatch(CS,
                List.of(notice(2, third), notice(3, born())), epoch)))
                .isInstanceOf(Refusal.class).extracting("kind").isEqualTo(Refusal.Kind.CONFLICT);
        assertThat(receiver.inbox.appliedThrough(CS)).isEqualTo(2);
        assertThat(receiver.register.find(third.residentCode())).isEmpty();
        // another epoch: refused whole
        assertThatThrownBy(() -> receiver.inbox.receive(new ChangeNoticeBatch(CS,
                List.of(notice(3, born())), UUID.randomUUID())))
                .isInstanceOf(Refusal.class).extracting("kind").isEqualTo(Refusal.Kind.CONFLICT);
        assertThat(meters.get("jukinet.notices.regressions").counter().count()).isEqualTo(2.0);
        // a true duplicate, and a sender that sends no epoch (before #15), are taken as before
        ChangeNotice again = receiver.inbox.sent(CS, 1, 1).notices().get(0);
        assertThat(receiver.inbox.receive(new ChangeNoticeBatch(CS, List.of(again))).upToSequence()).isEqualTo(2);
        assertThat(receiver.inbox.receive(new ChangeNoticeBatch(CS, List.of(notice(3, third)))).upToSequence()).isEqualTo(3);

        SentNotices held = receiver.inbox.sent(CS, 1, 10);
        assertThat(held.epoch()).isEqualTo(epoch);
        assertThat(held.appliedThrough()).isEqualTo(3);
        assertThat(held.notices()).extracting(ChangeNotice::sequence).containsExactly(2L, 3L);
        assertThat(held.lastChangeId()).isEqualTo(held.notices().get(1).changeId());
        SentNotices others = receiver.inbox.sent(NodeId.cs(LocalGovernmentCode.of("131024")), 0, 10);
        assertThat(others.appliedThrough()).isZero();
        assertThat(others.notices()).isEmpty();
    }

    private ChangeNotice notice(long sequence, IdentityInformation identity) {
        return ChangeNotice.of(UUID.randomUUID(), CS, sequence, Instant.now(), identity);
    }

    private IdentityInformation born() {
        ResidentCode code = ResidentCode.fromSerial(++serial);
        return new IdentityInformation(code, MyNumber.random(new java.util.Random(serial)),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 1, 1), Sex.FEMALE,
                new Address("東京都千代田区千代田1番1号"), CHIYODA, ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.BIRTH, LocalDate.of(1990, 1, 1), LocalDate.of(1990, 1, 2)));
    }

    /** A copy of the database as it is now (no connection is open: the data sources open one per call). */
    private static TestDatabase backup(TestDatabase database) throws Exception {
        var server = TestPostgres.server();
        String name = database.name() + "_backup";
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + database.name());
        }
        return new TestDatabase(name, server.jdbcUrl(name), server.username(), server.password());
    }

}
