package jp.jukinet.network.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;


import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.sun.net.httpserver.HttpsServer;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.agency.Verification;
import jp.jukinet.agency.WebhookRequest;
import jp.jukinet.agency.WebhookVerifier;
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
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.subscription.PublishedKeys;
import jp.jukinet.model.subscription.SubscriptionEvent;
import jp.jukinet.network.AgencyWebhookServer;
import jp.jukinet.network.PushNetwork;
import jp.jukinet.provision.subscription.SubscriptionFeeds;
import jp.jukinet.provision.subscription.delivery.WebhookDeliveryLoop;
import jp.jukinet.service.notice.NoticeApplier;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestDatabase;

/**
 * The push-type notification benchmark (issue #14). Not part of {@code ./mvnw verify} (its name
 * ends in Benchmark); run with
 * {@code ./mvnw -B -o -pl network-tests -am verify -Dtest=PushNotificationBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true} and the {@code bench.*} properties
 * below ({@code -Dbench.latency-only=true}: the first part only; {@code -Dbench.pull-only=true}: the third). The report goes to stdout and {@code network-tests/target/push-benchmark.txt};
 * with {@code -Dbench.result=FILE} (as {@code ./bench push} runs it) the figures also go there as a
 * {@link BenchmarkResult}, each beside its raw counterpart of the same run (below).
 *
 * <p>What it measures, in one JVM with the gateway, the national server and PostgreSQL on the same
 * machine (see docs/benchmarks.md, "Push-type notification (#14)"):
 * <ol>
 *   <li><b>Fan-out and webhook latency</b>: {@code bench.subscriptions} (10) EVERY_CHANGE
 *       subscriptions of agency-nenkin, each listing the {@code bench.persons} (10,000) persons that
 *       change, with an endpoint served by an HTTPS receiver in this JVM (client certificates
 *       required, every request verified with the agency kit). Changes (転居, MOVE_WITHIN) are applied
 *       at the national server at {@code bench.rate}/s (1,000) for {@code bench.seconds} (60) after
 *       {@code bench.warmup} (10) seconds, by calling the national server's notice applier (the code
 *       {@code NationalNotices.apply} runs: admission, register, fan-out) in a transaction every
 *       {@code bench.tick-ms} (50) ms, as the national inbox applies a prefecture's batch; for each event, the time from its change's commit to its
 *       receipt at the endpoint, through the national server's delivery loop and the gateway's
 *       outbound route. Beside it, in the same run: a plain INSERT and commit of the same event rows,
 *       and one POST of the same size through the gateway's outbound route to the same receiver.</li>
 *   <li><b>Per-change fan-out with 0 and with {@code bench.targets} (1,000,000) further listed
 *       targets</b>: single changes, each its own transaction, the fan-out's time inside it, before
 *       and after one subscription gets a million more targets; beside it a plain primary-key
 *       select of the person's targets and insert of the same rows.</li>
 *   <li><b>Pull throughput</b>: a feed of {@code bench.events} (1,000,000) events read with
 *       {@code GET …/events?after=0} through the gateway and straight to the national server
 *       (every event recorded as a provision on the way), with the JVM's heap sampled meanwhile;
 *       beside it a plain streamed select of the same rows.</li>
 * </ol>
 */
class PushNotificationBenchmark {

    private static final String RULE = "nenkin-30-9-change-check";
    private static final String AGENCY = "agency-nenkin";
    private static final String SUBSCRIPTIONS = "/api/v1/national/subscriptions";
    /** The persons live in 千代田区 and 大阪市北区, half each: two prefectures notify J-LIS at once. */
    private static final List<LocalGovernmentCode> MUNICIPALITIES = List.of(LocalGovernmentCode.of("131016"),
            LocalGovernmentCode.of("271004"));
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));

    private final int subscriptionCount = Integer.getInteger("bench.subscriptions", 10);
    private final int personCount = Integer.getInteger("bench.persons", 10_000);
    private final int rate = Integer.getInteger("bench.rate", 1_000);
    private final int tickMillis = Integer.getInteger("bench.tick-ms", 50);
    private final int seconds = Integer.getInteger("bench.seconds", 60);
    private final int warmup = Integer.getInteger("bench.warmup", 10);
    private final int singleChanges = Integer.getInteger("bench.single-changes", 2_000);
    private final int targets = Integer.getInteger("bench.targets", 1_000_000);
    private final int events = Integer.getInteger("bench.events", 1_000_000);
    /** 1: one prefecture's batches (Tokyo's); 2: Tokyo's and Osaka's at once, as two inboxes apply them. */
    private final int appliers = Integer.getInteger("bench.appliers", 1);

    private final AtomicLong sequence = new AtomicLong();
    private PrintStream report;
    private List<IdentityInformation> persons;
    private final BenchmarkResult.Builder result = BenchmarkResult.builder("push");
    private long[] rawInsertNanos = new long[0];
    private long[] rawPostNanos = new long[0];
    private double rawSelectRate;

    @Test
    void push() throws Exception {
        Path file = Path.of("target", "push-benchmark.txt");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
             Receiver receiver = new Receiver();
             PushNetwork network = PushNetwork.start(receiver.uri())) {
            report = new PrintStream(new TeeStream(System.out, out), true, StandardCharsets.UTF_8);
            result.setting(String.format("%d subscriptions of %,d persons", subscriptionCount, personCount))
                    .setting(String.format("%,d changes/s offered for %d s after %d s", rate, seconds, warmup))
                    .setting(String.format("%,d single changes, %,d further targets, a feed of %,d events", singleChanges,
                            targets, events))
                    .setting("gateway, national server and receiver in one JVM");
            line("Push-type notification benchmark, %s; %d cores, max heap %d MiB, load %s", Instant.now(),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load());
            persons = populate(network.nationalDatabaseSettings(), personCount);
            line("Loaded %,d residents into the national register", personCount);

            PublishedKeys keys = network.throughGateway(AGENCY).get().uri("/api/v1/national/subscription-keys")
                    .retrieve().body(PublishedKeys.class);
            List<UUID> subscriptions = new ArrayList<>();
            SubscriptionFeeds feeds = network.national(SubscriptionFeeds.class);
            List<String> codes = persons.stream().map(person -> person.residentCode().value()).toList();
            for (int i = 0; i < subscriptionCount; i++) {
                UUID id = create(network, "{\"basis\":\"" + RULE + "\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\","
                        + "\"endpoint\":\"" + receiver.uri() + "\"}");
                subscriptions.add(id);
                // through the feeds' own upload statement (the NDJSON upload's last step)
                feeds.addTargets(id, codes);
                receiver.verifiers.put(id, WebhookVerifier.of(keys, URI.create(receiver.uri()), id, Clock.systemUTC(),
                        Duration.ofMinutes(5)));
            }
            line("%d EVERY_CHANGE subscriptions (%s), each listing the %,d persons, endpoint %s", subscriptionCount, RULE,
                    personCount, receiver.uri());

            if (Boolean.getBoolean("bench.pull-only")) {
                network.national(WebhookDeliveryLoop.class).stop();
                pull(network);
            } else {
                latency(network, receiver, subscriptions);
                if (!Boolean.getBoolean("bench.latency-only")) {
                    network.national(WebhookDeliveryLoop.class).stop();
                    perChange(network, feeds, subscriptions.get(0));
                    pull(network);
                }
            }
        }
        result.build().writeIfAsked();
    }

    // --- 1. fan-out and webhook latency

    private void latency(PushNetwork network, Receiver receiver, List<UUID> subscriptions) throws Exception {
        TestDatabase database = network.nationalDatabaseSettings();
        line("");
        line("== 1. Fan-out and webhook latency, load %s", load());
        rawInsert(database);
        rawPost(network, receiver);

        NoticeApplier applier = network.national(NoticeApplier.class);
        TransactionTemplate transactions = new TransactionTemplate(network.national(PlatformTransactionManager.class));
        Map<UUID, Long> committed = new ConcurrentHashMap<>();
        // one applier per prefecture, as the national inbox applies each prefecture's batches on its own
        List<LocalGovernmentCode> notifying = MUNICIPALITIES.subList(0, appliers);
        int perTick = Math.max(1, rate * tickMillis / 1000 / appliers);
        long tick = Duration.ofMillis(tickMillis).toNanos();
        long start = System.nanoTime() + 50_000_000L;
        long measuredFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measuredFrom + Duration.ofSeconds(seconds).toNanos();
        StackSampler sampler = new StackSampler("webhook-delivery-1");
        AtomicLong changesAll = new AtomicLong();
        AtomicLong measuredAll = new AtomicLong();
        AtomicLong maxBehindAll = new AtomicLong();
        List<Long> applyNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        var drivers = Executors.newFixedThreadPool(appliers);
        List<java.util.concurrent.Future<?>> driven = new ArrayList<>();
        for (LocalGovernmentCode municipality : notifying) {
            List<IdentityInformation> own = persons.stream().filter(p -> p.municipality().equals(municipality)).toList();
            driven.add(drivers.submit(() -> {
                int next = 0;
                for (long t = 0; ; t++) {
                    long due = start + t * tick;
                    if (due >= end) {
                        break;
                    }
                    long now = System.nanoTime();
                    if (due > now) {
                        LockSupport.parkNanos(due - now); // the open-loop schedule of the offered changes
                    } else {
                        maxBehindAll.accumulateAndGet(now - due, Math::max);
                    }
                    List<ChangeNotice> batch = new ArrayList<>(perTick);
                    for (int i = 0; i < perTick; i++) {
                        batch.add(move(own.get(next++ % own.size())));
                    }
                    long before = System.nanoTime();
                    transactions.executeWithoutResult(tx -> applier.apply(batch));
                    long at = System.nanoTime();
                    if (due >= measuredFrom) {
                        sampler.start();
                        batch.forEach(notice -> committed.put(notice.changeId(), at));
                        measuredAll.addAndGet(batch.size());
                        applyNanos.add(at - before);
                    }
                    changesAll.addAndGet(batch.size());
                }
                return null;
            }));
        }
        for (var future : driven) {
            future.get();
        }
        drivers.shutdown();
        long drivenEnd = System.nanoTime();
        sampler.stop();
        long changes = changesAll.get();
        long measuredChanges = measuredAll.get();
        long maxBehind = maxBehindAll.get();
        long expected = changes * subscriptions.size();
        long waitUntil = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (receiver.received.get() < expected && System.nanoTime() < waitUntil) {
            LockSupport.parkNanos(20_000_000L); // waiting for the delivery loop to drain the feeds
        }
        double offered = measuredChanges / ((drivenEnd - measuredFrom) / 1e9);
        line("Changes applied: %,d (%,d in the measured %d s after %d s warm-up), %,.0f changes/s achieved in the "
                        + "measured window (offered %,d/s in ticks of %d ms by %d appliers, one per prefecture, %d changes per "
                        + "transaction); the drivers were at most %.0f ms behind their schedule", changes, measuredChanges,
                seconds, warmup, offered, rate, tickMillis, appliers, perTick, maxBehind / 1e6);
        line("Apply transaction (admission, register, fan-out to %d feeds, commit) of %d changes: %s", subscriptions.size(),
                perTick, percentiles(applyNanos));
        line("Events received: %,d of %,d expected (%,d duplicates, %,d refused by the verifier), load %s",
                receiver.received.get(), expected, receiver.duplicates.get(), receiver.refused.get(), load());
        List<Long> latencies = new ArrayList<>();
        for (Receiver.Receipt receipt : receiver.receipts) {
            Long at = committed.get(receipt.changeId());
            if (at != null) {
                latencies.add(receipt.nanos() - at);
            }
        }
        line("Commit → receipt at the endpoint, %,d events of the measured window: %s (target p99 < 1 s)",
                latencies.size(), percentiles(latencies));
        result.figure(Figure.withoutRawLimit(String.format("changes applied at the national server, %,d/s offered",
                rate), offered, "changes/s", true, "no raw limit: the offered rate is the load, not a limit"));
        long[] applied = sorted(applyNanos);
        String rawTick = "a plain INSERT of one tick's event rows and its commit, one connection, %s";
        result.figure(Figure.time(String.format("apply transaction of %d changes (admission, register, fan-out to %d feeds, "
                + "commit), p50", perTick, subscriptions.size()), at(applied, 0.50) / 1e6, "ms",
                at(rawInsertNanos, 0.50) / 1e6, "ms", String.format(rawTick, "p50")));
        result.figure(Figure.time("the same, p99", at(applied, 0.99) / 1e6, "ms", at(rawInsertNanos, 0.99) / 1e6, "ms",
                String.format(rawTick, "p99")));
        long[] receipt = sorted(latencies);
        String rawPost = "one POST of a delivery's size through the gateway's outbound route to the receiver, answered "
                + "at once, %s";
        result.figure(Figure.time("change commit → receipt at the agency endpoint, p50", at(receipt, 0.50) / 1e6, "ms",
                at(rawPostNanos, 0.50) / 1e6, "ms", String.format(rawPost, "p50")));
        result.figure(Figure.time("change commit → receipt at the agency endpoint, p99 (target < 1 s)",
                at(receipt, 0.99) / 1e6, "ms", at(rawPostNanos, 0.99) / 1e6, "ms", String.format(rawPost, "p99")));
        result.note(String.format("Events received: %,d of %,d expected, %,d duplicates, %,d refused by the verifier.",
                receiver.received.get(), expected, receiver.duplicates.get(), receiver.refused.get()));
        line("Webhook requests received: %,d (%,.0f events per request)", receiver.requests.get(),
                (double) receiver.received.get() / Math.max(1, receiver.requests.get()));
        line("Where one delivery worker thread's wall-clock time went in the measured window (its stack sampled every 5 ms; "
                + "the innermost project frame, then the top frame):%n%s", sampler.report(15));
    }

    /** A plain INSERT of one tick's event rows (the same columns and sizes) and its commit, from 8 connections. */
    private void rawInsert(TestDatabase database) throws Exception {
        String information = JukiNetJson.mapper().writeValueAsString(LookupResult.provided(persons.get(0),
                java.util.EnumSet.allOf(jp.jukinet.model.identity.IdentityField.class)));
        int rows = Math.max(1, rate * tickMillis / 1000) * subscriptionCount;
        List<Long> nanos = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            connection.createStatement().execute("""
                    CREATE TABLE raw_events (subscription_id uuid, sequence bigint, kind text, change_id uuid, reason text,
                        change_date date, recorded_at timestamptz, resident_code char(11), information text,
                        PRIMARY KEY (subscription_id, sequence))""");
            connection.setAutoCommit(false);
            UUID id = UUID.randomUUID();
            long seq = 0;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO raw_events VALUES (?, ?, 'CHANGE', ?, 'MOVE_WITHIN', ?, now(), ?, ?)")) {
                for (int i = 0; i < 2_000; i++) {
                    long before = System.nanoTime();
                    for (int r = 0; r < rows; r++) {
                        insert.setObject(1, id);
                        insert.setLong(2, ++seq);
                        insert.setObject(3, UUID.randomUUID());
                        insert.setObject(4, TODAY);
                        insert.setString(5, persons.get(r % persons.size()).residentCode().value());
                        insert.setString(6, information);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    if (i >= 500) {
                        nanos.add(System.nanoTime() - before);
                    }
                }
            }
        }
        line("Raw: a plain INSERT of %d event rows (one tick's, %,d-byte information) and commit, one connection: %s",
                rows, information.length(), percentiles(nanos));
        rawInsertNanos = sorted(nanos);
    }

    /** One POST of a typical delivery's size through the gateway's outbound route to the receiver, answered at once. */
    private void rawPost(PushNetwork network, Receiver receiver) {
        byte[] body = new byte[Integer.getInteger("bench.raw-post-bytes", 40_000)];
        Arrays.fill(body, (byte) ' ');
        var client = network.throughGateway("national");
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            long before = System.nanoTime();
            int status = client.post().uri("/internal/v1/outbound/webhooks")
                    .header("X-JukiNet-Webhook-Endpoint", receiver.uri()).header(Receiver.RAW, "1")
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                    .retrieve().toBodilessEntity().getStatusCode().value();
            assertThat(status).isEqualTo(204);
            if (i >= 500) {
                nanos.add(System.nanoTime() - before);
            }
        }
        line("Raw: one POST of %,d bytes from the national server's identity through the gateway's outbound route "
                + "to the receiver, answered at once: %s", body.length, percentiles(nanos));
        rawPostNanos = sorted(nanos);
    }

    // --- 2. per-change cost with 0 and 1,000,000 further targets

    private void perChange(PushNetwork network, SubscriptionFeeds feeds, UUID subscription) throws Exception {
        line("");
        line("== 2. One change's fan-out, with 0 and with %,d further listed targets (delivery loop stopped), load %s",
                targets, load());
        singleChanges(network, feeds, "the subscriptions list only the changing persons (" + personCount + " each)");
        long before = System.nanoTime();
        for (int start = 0; start < targets; start += 10_000) {
            List<String> chunk = new ArrayList<>(10_000);
            for (int i = start; i < Math.min(targets, start + 10_000); i++) {
                chunk.add(ResidentCode.fromSerial(5_000_000_000L + i).value());
            }
            feeds.addTargets(subscription, chunk);
        }
        network.nationalDatabase().sql("ANALYZE subscription_targets").update();
        line("Added %,d targets to one subscription in %.1f s (it now lists %,d)", targets,
                (System.nanoTime() - before) / 1e9, feeds.targetCount(subscription));
        singleChanges(network, feeds, "one subscription lists " + (targets + personCount) + " persons");
        String plan = String.join("\n    ", network.nationalDatabase().sql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
                        + listedQuery(persons.get(7).residentCode().value()))
                .query(String.class).list());
        line("Plan of the fan-out's lookup of one person's subscriptions, with the million targets:\n    %s", plan);
    }

    private static String listedQuery(String code) {
        return """
                SELECT t.resident_code, s.id, s.basis, s.mode, s.recipient FROM unnest(ARRAY['%s']::char(11)[]) AS q(code)
                    JOIN subscription_targets t ON t.resident_code = q.code
                    JOIN subscriptions s ON s.id = t.subscription_id
                WHERE s.status = 'ACTIVE'""".formatted(code);
    }

    private void singleChanges(PushNetwork network, SubscriptionFeeds feeds, String state) throws Exception {
        NoticeApplier applier = network.national(NoticeApplier.class);
        TransactionTemplate transactions = new TransactionTemplate(network.national(PlatformTransactionManager.class));
        List<Long> apply = new ArrayList<>();
        List<Long> fanOut = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < singleChanges; i++) {
            IdentityInformation person = persons.get((i * 7919) % persons.size());
            ChangeNotice notice = move(person);
            long before = System.nanoTime();
            transactions.executeWithoutResult(tx -> applier.apply(List.of(notice)));
            long applied = System.nanoTime();
            // the feed part alone: the same fan-out of a change of the same person, timed inside its transaction
            ChangeNotice again = move(person);
            RecordedChange change = new RecordedChange(again.changeId(), again.source(), again.sequence(), Instant.now(),
                    again.identity(), null, null);
            long[] inside = new long[1];
            int[] count = new int[1];
            transactions.executeWithoutResult(tx -> {
                long t0 = System.nanoTime();
                count[0] = feeds.fanOut(List.of(change));
                inside[0] = System.nanoTime() - t0;
            });
            if (i >= singleChanges / 4) {
                apply.add(applied - before);
                fanOut.add(inside[0]);
                written.add((long) count[0]);
            }
        }
        line("With %s:", state);
        line("  events written per change: %s", written.stream().mapToLong(Long::longValue).summaryStatistics());
        line("  the fan-out inside the transaction (SubscriptionFeeds.fanOut): %s", percentiles(fanOut));
        line("  the whole apply of one change with commit (admission, register, fan-out): %s", percentiles(apply));
        // raw: the person's targets by primary key and the same number of event rows inserted, committed
        TestDatabase database = network.nationalDatabaseSettings();
        List<Long> raw = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            connection.setAutoCommit(false);
            UUID id = UUID.randomUUID();
            long seq = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subscription_id FROM subscription_targets WHERE resident_code = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO raw_events VALUES (?, ?, 'CHANGE', ?, 'MOVE_WITHIN', ?, now(), ?, '{}')")) {
                for (int i = 0; i < singleChanges; i++) {
                    String code = persons.get((i * 7919) % persons.size()).residentCode().value();
                    long before = System.nanoTime();
                    select.setString(1, code);
                    int found = 0;
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found++;
                        }
                    }
                    for (int r = 0; r < found; r++) {
                        insert.setObject(1, id);
                        insert.setLong(2, ++seq + 10_000_000L);
                        insert.setObject(3, UUID.randomUUID());
                        insert.setObject(4, TODAY);
                        insert.setString(5, code);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    if (i >= singleChanges / 4) {
                        raw.add(System.nanoTime() - before);
                    }
                }
            }
        }
        line("  raw: the person's targets by primary key and as many plain rows inserted, committed: %s", percentiles(raw));
        long[] whole = sorted(apply);
        long[] plain = sorted(raw);
        String rawIs = "the person's targets by primary key and as many plain rows inserted, committed, %s";
        result.figure(Figure.time("one change applied with commit (admission, register, fan-out), p50, " + state,
                at(whole, 0.50) / 1e6, "ms", at(plain, 0.50) / 1e6, "ms", String.format(rawIs, "p50")));
        result.figure(Figure.time("the same, p99", at(whole, 0.99) / 1e6, "ms", at(plain, 0.99) / 1e6, "ms",
                String.format(rawIs, "p99")));
    }

    // --- 3. pull throughput

    private void pull(PushNetwork network) throws Exception {
        line("");
        line("== 3. Pull throughput, a feed of %,d events, load %s", events, load());
        UUID id = create(network, "{\"basis\":\"" + RULE + "\",\"mode\":\"EVERY_CHANGE\",\"target\":\"LISTED\"}");
        ProvisionRules rules = network.national(ProvisionRules.class);
        String information = JukiNetJson.mapper().writeValueAsString(LookupResult.provided(persons.get(0),
                rules.byId(RULE).orElseThrow().fields()));
        String[] codes = persons.stream().map(person -> person.residentCode().value()).toArray(String[]::new);
        long before = System.nanoTime();
        var database = network.nationalDatabase();
        for (long from = 1; from <= events; from += 100_000) {
            database.sql("""
                            INSERT INTO subscription_events (subscription_id, sequence, kind, change_id, reason, change_date,
                                recorded_at, resident_code, information)
                            SELECT :id, g, 'CHANGE', gen_random_uuid(), 'MOVE_WITHIN', :date, now(),
                                   (CAST(:codes AS text[]))[1 + g % :n], :information
                            FROM generate_series(CAST(:from AS bigint), CAST(:to AS bigint)) AS g""")
                    .param("id", id).param("date", TODAY).param("codes", codes).param("n", codes.length)
                    .param("information", information).param("from", from).param("to", Math.min(events, from + 99_999))
                    .update();
        }
        database.sql("UPDATE subscriptions SET head = :n WHERE id = :id").param("n", events).param("id", id).update();
        database.sql("VACUUM ANALYZE subscription_events").update();
        line("Wrote %,d events (%,d-byte information each) to one feed in %.1f s", events, information.length(),
                (System.nanoTime() - before) / 1e9);

        rawSelect(network.nationalDatabaseSettings(), id);
        read(network.straightToNational(AGENCY), id, "straight to the national server (as the gateway calls it)");
        read(network.throughGateway(AGENCY), id, "through the gateway");
        line("Provision records at J-LIS: %,d", database.sql("SELECT count(*) FROM provision_records WHERE basis = :rule")
                .param("rule", RULE).query(Long.class).single());
    }

    private void rawSelect(TestDatabase database, UUID id) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            connection.setAutoCommit(false);
            for (int run = 0; run < 2; run++) {
                long before = System.nanoTime();
                long rows = 0;
                long chars = 0;
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT sequence, kind, change_id, reason, change_date, recorded_at, information
                        FROM subscription_events WHERE subscription_id = ? AND sequence > 0 ORDER BY sequence""")) {
                    select.setFetchSize(1_000);
                    select.setObject(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            rows++;
                            chars += row.getString(7).length() + row.getString(2).length();
                            row.getLong(1);
                            row.getObject(3, UUID.class);
                            row.getString(4);
                            row.getObject(5, LocalDate.class);
                            row.getTimestamp(6);
                        }
                    }
                }
                connection.commit();
                double took = (System.nanoTime() - before) / 1e9;
                line("Raw (run %d): a plain streamed select of the same %,d rows (fetch size 1,000, every column read): "
                        + "%.2f s, %,.0f rows/s (%,d chars)", run + 1, rows, took, rows / took, chars);
                rawSelectRate = Math.max(rawSelectRate, rows / took);
            }
        }
    }

    private void read(org.springframework.web.client.RestClient client, UUID id, String path) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        String load = load();
        StackSampler server = new StackSampler("ManageSubscriptions", "events");
        StackSampler recorder = new StackSampler("provision-recorder");
        server.start();
        recorder.start();
        long before = System.nanoTime();
        long[] counted = client.get().uri(SUBSCRIPTIONS + "/{id}/events?after=0", id)
                .exchange((request, response) -> {
                    assertThat(response.getStatusCode().value()).isEqualTo(200);
                    long lines = 0;
                    long bytes = 0;
                    long firstAt = 0;
                    byte[] buffer = new byte[64 * 1024];
                    byte[] tail = new byte[0];
                    try (InputStream in = response.getBody()) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            if (firstAt == 0) {
                                firstAt = System.nanoTime();
                            }
                            bytes += n;
                            for (int i = 0; i < n; i++) {
                                if (buffer[i] == '\n') {
                                    lines++;
                                }
                            }
                            // the last 8 KB seen, across reads: the last line may arrive split
                            byte[] joined = Arrays.copyOf(tail, tail.length + n);
                            System.arraycopy(buffer, 0, joined, tail.length, n);
                            tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - 8_192), joined.length);
                        }
                    }
                    String last = new String(tail, StandardCharsets.UTF_8).strip();
                    last = last.substring(last.lastIndexOf('\n') + 1);
                    long lastSequence = JukiNetJson.mapper().readValue(last, SubscriptionEvent.class).sequence();
                    return new long[] {lines, bytes, lastSequence, firstAt};
                }, true);
        double took = (System.nanoTime() - before) / 1e9;
        sampler.shutdownNow();
        server.stop();
        recorder.stop();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        assertThat(counted[0]).isEqualTo(events);
        assertThat(counted[2]).isEqualTo(events);
        result.figure(Figure.rate(String.format("pull of a feed of %,d events, %s", events, path), counted[0] / took,
                "events/s", rawSelectRate, "rows/s", "a plain streamed select of the same rows (fetch size 1,000, every "
                        + "column read), the better of two runs"));
        line("Pull %s: %,d events (last sequence %,d, %,d MB of NDJSON) in %.2f s: %,.0f events/s at the client "
                        + "(first bytes after %.0f ms; target 50,000/s); load %s → %s", path, counted[0], counted[2],
                counted[1] >> 20, took, counted[0] / took, (counted[3] - before) / 1e6, load, load());
        line("  heap of this JVM (client, gateway and national server together): %,d MiB after GC before, peak %,d MiB "
                        + "while streaming, %,d MiB after GC after", baseline >> 20, peak.get() >> 20, after >> 20);
        line("  the national server's request thread (wall clock, sampled every 5 ms):%n%s", server.report(12));
        line("  the provision recorder's thread:%n%s", recorder.report(6));
    }

    // --- the network's data

    private UUID create(PushNetwork network, String body) {
        String answer = network.throughGateway(AGENCY).post().uri(SUBSCRIPTIONS)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class);
        assertThat(answer).contains("\"status\":\"ACTIVE\"");
        return UUID.fromString(JukiNetJson.mapper().readTree(answer).get("id").asString());
    }

    private ChangeNotice move(IdentityInformation person) {
        long n = sequence.incrementAndGet();
        IdentityInformation moved = new IdentityInformation(person.residentCode(), person.myNumber(), person.name(),
                person.dateOfBirth(), person.sex(), new Address(street(person.municipality()) + (n % 5_000 + 1) + "番"),
                person.municipality(), ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.MOVE_WITHIN, TODAY, TODAY));
        return new ChangeNotice(ChangeNotice.CURRENT_VERSION, UUID.randomUUID(),
                NodeId.prefecture(person.municipality().prefecture()), n, person.residentCode(),
                ChangeReason.MOVE_WITHIN, TODAY, TODAY, Instant.now(), moved, null, null);
    }

    private static String street(LocalGovernmentCode municipality) {
        return municipality.value().startsWith("13") ? "東京都千代田区千代田" : "大阪府大阪市北区中之島";
    }

    /** Residents of 千代田区 and 大阪市北区 straight into the national register (COPY), as the provision benchmark loads them. */
    private static List<IdentityInformation> populate(TestDatabase database, int count) throws Exception {
        List<IdentityInformation> people = new ArrayList<>(count);
        LocalDate notified = TODAY.minusDays(30);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < count; i++) {
                IdentityInformation identity = new IdentityInformation(ResidentCode.fromSerial(3_000_000_000L + i),
                        MyNumber.fromData(40_000_000_000L + i), PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                        LocalDate.of(1950, 1, 1).plusDays(i % 20_000), i % 2 == 0 ? Sex.FEMALE : Sex.MALE,
                        new Address(street(MUNICIPALITIES.get(i % 2)) + "1番"), MUNICIPALITIES.get(i % 2), ResidentStatus.ACTIVE,
                        new ChangeInformation(ChangeReason.BIRTH, notified, notified));
                people.add(identity);
                String json = JukiNetJson.mapper().writeValueAsString(identity).replace("\"", "\"\"");
                csv.append(identity.residentCode().value()).append(',').append(identity.myNumber().value())
                        .append(',').append(identity.municipality().prefecture().value()).append(',')
                        .append(identity.municipality().value()).append(',').append(ResidentRegister.normalizedName(identity)).append(',')
                        .append(identity.dateOfBirth()).append(',').append(identity.sex()).append(",ACTIVE,\"")
                        .append(json).append("\",").append(UUID.randomUUID()).append(",").append(notified)
                        .append("T00:00:00Z,2176-11-01\n");
                if (csv.length() > 8 << 20 || i == count - 1) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            COPY residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                            date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                            FROM STDIN WITH (FORMAT csv)""", new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            connection.createStatement().execute("ANALYZE residents");
        }
        return people;
    }

    // --- reporting

    /**
     * A wall-clock sampler of one thread (async-profiler is not available here): every 5 ms it takes
     * the thread's stack and counts it under its innermost jp.jukinet frame and its top frame, so
     * that waiting (on a socket, a commit, the recorder) shows beside running.
     */
    private static final class StackSampler {
        private final java.util.function.Predicate<Thread> which;
        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final AtomicLong samples = new AtomicLong();
        private volatile Thread thread;
        private java.util.concurrent.ScheduledExecutorService executor;

        /** Samples the thread of this name. */
        StackSampler(String threadName) {
            this.which = t -> t.getName().equals(threadName);
        }

        /** Samples the first thread found running {@code className.method}. */
        StackSampler(String className, String method) {
            this.which = t -> Arrays.stream(t.getStackTrace()).anyMatch(frame ->
                    frame.getClassName().endsWith(className) && frame.getMethodName().equals(method));
        }

        synchronized void start() {
            if (executor != null) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor();
            executor.scheduleAtFixedRate(() -> {
                if (thread == null) {
                    thread = Thread.getAllStackTraces().keySet().stream().filter(which).findFirst().orElse(null);
                    if (thread == null) {
                        return;
                    }
                }
                StackTraceElement[] stack = thread.getStackTrace();
                if (stack.length == 0) {
                    return;
                }
                String own = "-";
                for (StackTraceElement frame : stack) {
                    if (frame.getClassName().startsWith("jp.jukinet")) {
                        own = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                                + frame.getMethodName();
                        break;
                    }
                }
                String top = stack[0].getClassName().substring(stack[0].getClassName().lastIndexOf('.') + 1) + "."
                        + stack[0].getMethodName();
                counts.merge(own + " <- " + top, 1L, Long::sum);
                samples.incrementAndGet();
            }, 0, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }

        String report(int top) {
            long total = Math.max(1, samples.get());
            Map<String, Long> byOwn = new HashMap<>();
            counts.forEach((key, n) -> byOwn.merge(key.substring(0, key.indexOf(" <- ")), n, Long::sum));
            StringBuilder out = new StringBuilder("    by project frame: ");
            byOwn.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> out.append(String.format("%s %.0f%%; ", e.getKey(), 100.0 * e.getValue() / total)));
            out.append(String.format("%n    by project and top frame (%,d samples):", total));
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> out.append(String.format("%n      %4.1f%% %s", 100.0 * e.getValue() / total, e.getKey())));
            return out.toString();
        }
    }

    private void line(String format, Object... arguments) {
        report.println(arguments.length == 0 ? format : String.format(format, arguments));
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%,d)", at(sorted, 0.50) / 1e6,
                at(sorted, 0.95) / 1e6, at(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static long[] sorted(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    /**
     * agency-nenkin's endpoint: a dev-CA server certificate, client certificates required (only the
     * gateway reaches it), every delivery verified with the agency kit before it is acknowledged;
     * the receipt time of each new event is taken when its request's body has been read.
     */
    private static final class Receiver implements AutoCloseable {

        static final String RAW = "X-Bench-Raw";

        record Receipt(UUID changeId, long nanos) {
        }

        private final HttpsServer server;
        final Map<UUID, WebhookVerifier> verifiers = new ConcurrentHashMap<>();
        private final Map<UUID, Long> through = new HashMap<>();
        final List<Receipt> receipts = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong requests = new AtomicLong();

        Receiver() throws IOException {
            server = AgencyWebhookServer.mutualTls("webhook-agency-nenkin");
            server.createContext("/", exchange -> {
                int status = 401;
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    long at = System.nanoTime();
                    if (exchange.getRequestHeaders().getFirst(RAW) != null) {
                        status = 204;
                    } else {
                        status = accept(exchange, body, at);
                    }
                    exchange.sendResponseHeaders(status, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
        }

        private synchronized int accept(com.sun.net.httpserver.HttpExchange exchange, byte[] body, long at) {
            requests.incrementAndGet();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            UUID subscription = UUID.fromString(JukiNetJson.mapper().readTree(body).get("subscriptionId").asString());
            WebhookVerifier verifier = verifiers.get(subscription);
            long applied = through.getOrDefault(subscription, 0L);
            Verification verification = verifier == null ? null
                    : verifier.verify(new WebhookRequest(exchange.getRequestMethod(), headers, body), applied);
            if (!(verification instanceof Verification.Verified verified)) {
                refused.incrementAndGet();
                return 401;
            }
            List<SubscriptionEvent> fresh = verified.newEvents();
            duplicates.addAndGet(verified.delivery().events().size() - fresh.size());
            for (SubscriptionEvent event : fresh) {
                receipts.add(new Receipt(event.changeId(), at));
            }
            if (!fresh.isEmpty()) {
                through.put(subscription, fresh.get(fresh.size() - 1).sequence());
            }
            received.addAndGet(fresh.size());
            return 204;
        }

        String uri() {
            return "https://localhost:" + server.getAddress().getPort() + "/jukinet/events";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
