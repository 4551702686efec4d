package jp.jukinet.provision.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
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
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.SubscriptionAllowance;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;
import jp.jukinet.provision.ProvisionRecorder;
import jp.jukinet.provision.ProvisionRecords;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why the feed is written on JDBC and the subscriptions are JPA aggregates (#14: "the event feed and
 * fan-out stay on JDBC where measurement shows they must"). Not part of the build (the name does not
 * end in Test). Run with
 * <pre>{@code
 * ./mvnw -B -o -pl provision -am verify -Dtest=FeedWriteBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djacoco.skip=true -Dbench.changes=10000
 * }</pre>
 * Ten active subscriptions list one person; each national change of that person writes one event to
 * each of the ten feeds, as the fan-out does inside the register's transaction: the head of each
 * subscription is advanced under its row lock and the ten events are inserted. The same work is done
 * three ways on the same database, one transaction per change, then one per 100 changes (a notice
 * batch): the JPA way (Hibernate 7, {@code find} with {@code PESSIMISTIC_WRITE}, dirty-checked head,
 * {@code persist} of each event, JDBC batching and ordered inserts on), the JDBC statements the fan-out
 * issues ({@code UPDATE … RETURNING head}, one batched {@code INSERT}), and the fan-out itself
 * ({@link SubscriptionFeeds#fanOut}, which also finds the followers by index, checks each rule and
 * writes the rule's fields as JSON). With {@code -Dbench.result=FILE} (as {@code ./bench feed-write} runs it) the
 * figures are also written there as a {@link BenchmarkResult}: JPA and the whole fan-out each beside the bare JDBC
 * statements of the same run, their raw limit.
 */
class FeedWriteBenchmark {

    private static final int SUBSCRIPTIONS = 10;
    private static final ProvisionRule RULE = new ProvisionRule("bench", ProviderTier.NATIONAL, "30-9", "1", null,
            "agency-bench", "ベンチ", EnumSet.of(IdentityField.NAME, IdentityField.RESIDENT_CODE, IdentityField.STATUS,
            IdentityField.ADDRESS, IdentityField.CHANGE_INFORMATION), LocalDate.of(2020, 1, 1), null, null, null,
            new SubscriptionAllowance(EnumSet.of(SubscriptionMode.EVERY_CHANGE), EnumSet.of(TargetKind.LISTED), List.of()));

    @Test
    void jpaAgainstJdbcForTheFeedWrites() throws Exception {
        int changes = Integer.getInteger("bench.changes", 10_000);
        TestDatabase database = TestPostgres.createDatabase("feed_write_bench");
        database.migrate("classpath:db/register", "classpath:db/provision", "classpath:db/subscription");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             SessionFactory hibernate = hibernate(dataSource)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            JsonMapper json = JukiNetJson.mapper();
            ProvisionRecorder recorder = new ProvisionRecorder(new ProvisionRecords(jdbc, Clock.systemUTC()), 1000,
                    Duration.ofSeconds(10));
            SubscriptionFeeds feeds = new SubscriptionFeeds(jdbc, new ProvisionRules("bench", List.of(RULE)), json, recorder,
                    Clock.systemUTC(), ZoneId.of("Asia/Tokyo"));
            IdentityInformation person = person();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                UUID id = UUID.randomUUID();
                jdbc.update("""
                        INSERT INTO subscriptions (id, recipient, basis, mode, target, status, created_at, updated_at, version)
                        VALUES (?, 'agency-bench', 'bench', 'EVERY_CHANGE', 'LISTED', 'ACTIVE', now(), now(), 0)""", id);
                ids.add(id);
            }
            ids.sort(null); // the fan-out's lock order
            for (UUID id : ids) {
                feeds.addTargets(id, List.of(person.residentCode().value()));
            }
            String information = json.writeValueAsString(LookupResult.provided(person, RULE.fields()));

            IntConsumer viaJpa = n -> {
                try (EntityManager entities = hibernate.createEntityManager()) {
                    entities.getTransaction().begin();
                    for (int c = 0; c < n; c++) {
                        UUID changeId = UUID.randomUUID();
                        for (UUID id : ids) {
                            FeedHead head = entities.find(FeedHead.class, id, LockModeType.PESSIMISTIC_WRITE);
                            head.head++;
                            entities.persist(new FeedEvent(id, head.head, changeId, information,
                                    person.residentCode().value()));
                        }
                    }
                    entities.getTransaction().commit();
                }
            };
            IntConsumer viaJdbc = n -> transactions.executeWithoutResult(status -> {
                List<Object[]> rows = new ArrayList<>(n * ids.size());
                Timestamp now = Timestamp.from(Instant.now());
                List<UUID> changeIds = new ArrayList<>(n);
                for (int c = 0; c < n; c++) {
                    changeIds.add(UUID.randomUUID());
                }
                for (UUID id : ids) {
                    long head = jdbc.queryForObject("UPDATE subscriptions SET head = head + ? WHERE id = ? RETURNING head",
                            Long.class, n, id);
                    long sequence = head - n;
                    for (UUID changeId : changeIds) {
                        rows.add(new Object[] {id, ++sequence, "CHANGE", changeId, "MOVE_WITHIN", LocalDate.of(2026, 11, 1),
                                now, person.residentCode().value(), information});
                    }
                }
                jdbc.batchUpdate("""
                        INSERT INTO subscription_events (subscription_id, sequence, kind, change_id, reason, change_date,
                            recorded_at, resident_code, information) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
            });
            IntConsumer viaFanOut = n -> transactions.executeWithoutResult(status -> {
                List<RecordedChange> batch = new ArrayList<>(n);
                for (int c = 0; c < n; c++) {
                    batch.add(new RecordedChange(UUID.randomUUID(), NodeId.prefecture(person.municipality().prefecture()),
                            1L, Instant.now(), person, null, null));
                }
                feeds.fanOut(batch);
            });

            report("machine: %d cores, load average %s", Runtime.getRuntime().availableProcessors(), loadAverage());
            BenchmarkResult.Builder result = BenchmarkResult.builder("feed-write")
                    .setting(String.format("%,d changes per way and transaction size, after %,d unmeasured", changes,
                            changes / 5)).setting(SUBSCRIPTIONS + " subscriptions, 10 events a change")
                    .setting("durable PostgreSQL: " + Boolean.getBoolean("jukinet.test.postgres.durable"));
            String rawIs = "the two JDBC statements the fan-out issues (`UPDATE … RETURNING head` per subscription, one "
                    + "batched `INSERT`), same database, same run";
            for (int perTransaction : new int[] {1, 100}) {
                // warm-up of each, then the measured runs, alternated so that drift favours none
                run(null, viaJpa, changes / 5, perTransaction);
                run(null, viaJdbc, changes / 5, perTransaction);
                run(null, viaFanOut, changes / 5, perTransaction);
                double jpa = run("JPA (Hibernate, find+lock, persist, batch 50)", viaJpa, changes, perTransaction);
                double statements = run("JDBC (UPDATE ... RETURNING, batched INSERT)", viaJdbc, changes, perTransaction);
                double fanOut = run("SubscriptionFeeds.fanOut (JDBC, with follower lookup and JSON)", viaFanOut, changes,
                        perTransaction);
                report("%d change(s) a transaction: JDBC statements %.2f x the JPA rate; the real fan-out %.2f x",
                        perTransaction, statements / jpa, fanOut / jpa);
                String per = perTransaction == 1 ? "one change a transaction" : perTransaction + " changes a transaction";
                result.figure(Figure.rate(per + ": JPA (Hibernate: find with lock, persist, batches of 50)", jpa,
                        "changes/s", statements, "changes/s", rawIs));
                result.figure(Figure.rate(per + ": `SubscriptionFeeds.fanOut` (followers by index, rule check, JSON)",
                        fanOut, "changes/s", statements, "changes/s", rawIs));
            }
            long events = jdbc.queryForObject("SELECT count(*) FROM subscription_events", Long.class);
            long heads = jdbc.queryForObject("SELECT sum(head) FROM subscriptions", Long.class);
            // every event written, by each way, took its own sequence: the feeds are gap-free
            assertThat(events).isEqualTo(heads);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT subscription_id FROM subscription_events "
                    + "GROUP BY subscription_id HAVING max(sequence) <> count(*)) gaps", Long.class)).isZero();
            recorder.close();
            result.note("The raw limit here is the bare JDBC statements, not plain PostgreSQL: the question this "
                    + "benchmark answers is what JPA, and the fan-out's own work, cost over them.");
            result.build().writeIfAsked();
        }
    }

    /** Runs {@code changes} changes in transactions of {@code perTransaction}; returns changes per second. */
    private static double run(String label, IntConsumer work, int changes, int perTransaction) {
        long start = System.nanoTime();
        for (int done = 0; done < changes; done += perTransaction) {
            work.accept(Math.min(perTransaction, changes - done));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = changes / seconds;
        if (label != null) {
            report("%-62s %d/tx: %,7d changes in %6.2f s = %,8.0f changes/s (%,9.0f events/s)", label, perTransaction,
                    changes, seconds, rate, rate * SUBSCRIPTIONS);
        }
        return rate;
    }

    private static SessionFactory hibernate(HikariDataSource dataSource) {
        org.hibernate.cfg.Configuration configuration = new org.hibernate.cfg.Configuration()
                .addAnnotatedClass(FeedHead.class).addAnnotatedClass(FeedEvent.class);
        configuration.getProperties().put("hibernate.connection.datasource", dataSource);
        configuration.setProperty("hibernate.hbm2ddl.auto", "none");
        configuration.setProperty("hibernate.jdbc.batch_size", "50");
        configuration.setProperty("hibernate.order_inserts", "true");
        configuration.setProperty("hibernate.order_updates", "true");
        return configuration.buildSessionFactory();
    }

    /** A subscription's head, as JPA would advance it. */
    @Entity
    @Table(name = "subscriptions")
    public static class FeedHead {
        @Id
        UUID id;
        long head;

        protected FeedHead() {
        }
    }

    /** An event of a feed, as JPA would insert it. */
    @Entity
    @Table(name = "subscription_events")
    @IdClass(FeedEvent.Key.class)
    public static class FeedEvent {
        @Id
        @Column(name = "subscription_id")
        UUID subscriptionId;
        @Id
        long sequence;
        String kind = "CHANGE";
        @Column(name = "change_id")
        UUID changeId;
        String reason = "MOVE_WITHIN";
        @Column(name = "change_date")
        LocalDate changeDate = LocalDate.of(2026, 11, 1);
        @Column(name = "recorded_at")
        Instant recordedAt = Instant.now();
        @Column(name = "resident_code")
        String residentCode;
        String information;

        protected FeedEvent() {
        }

        FeedEvent(UUID subscriptionId, long sequence, UUID changeId, String information, String residentCode) {
            this.subscriptionId = subscriptionId;
            this.sequence = sequence;
            this.changeId = changeId;
            this.information = information;
            this.residentCode = residentCode;
        }

        /** The composite key (subscription, sequence). */
        public static class Key implements Serializable {
            UUID subscriptionId;
            long sequence;

            public Key() {
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Key key && key.sequence == sequence && Objects.equals(key.subscriptionId,
                        subscriptionId);
            }

            @Override
            public int hashCode() {
                return Objects.hash(subscriptionId, sequence);
            }
        }
    }

    private static IdentityInformation person() {
        return new IdentityInformation(ResidentCode.fromSerial(7_000_000_001L), MyNumber.fromData(49_000_000_010L),
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), LocalDate.of(1990, 4, 1), Sex.FEMALE,
                new Address("東京都千代田区千代田1番"), LocalGovernmentCode.of("131016"), ResidentStatus.ACTIVE,
                new ChangeInformation(ChangeReason.MOVE_WITHIN, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void report(String format, Object... args) {
        System.out.println("[feed-write-bench] " + String.format(Locale.ROOT, format, args));
    }

}
