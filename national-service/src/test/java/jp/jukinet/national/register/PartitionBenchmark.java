package jp.jukinet.national.register;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.PostgresServer;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * J-LIS's store before and after its history is partitioned by prefecture (national V91), on the
 * same data in the same run, and what partitioning the current records too would cost a lookup.
 * Not a test (its name does not end in Test): run it as
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests
 * ./mvnw -B -q -pl national-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=jp.jukinet.national.register.PartitionBenchmark -Djukinet.test.postgres.durable=true \
 *   -Dbench.residents=1000000
 * </pre>
 *
 * <ol>
 *   <li>A national database migrated up to V90 (the history is one table) is filled in SQL with
 *   {@code bench.residents} people spread evenly over the 47 prefectures, each with 1 to 5 changes
 *   (3 on average) whose identity information is of the size the network records.</li>
 *   <li>Before: with {@code pgbench -M prepared}, 2 clients, {@code bench.seconds} each: a person's
 *   history by resident code ({@code ResidentRegister#history}'s access), and the recording of a
 *   change (the register's insert, rolled back so the table does not grow); then, timed, the
 *   median of 3: a prefecture's whole history read and digested (what a rebuild or a prefecture's
 *   check reads), and the retention purge's scan (nothing is due).</li>
 *   <li>V91 is applied (timed: what the migration costs an operator at this size) and the same is
 *   measured after.</li>
 *   <li>The current records: a lookup by My Number and by resident code on {@code residents} and on
 *   a copy partitioned by prefecture (LIST, 47), the same people: what partitioning them would cost
 *   an agency's lookup, which names no prefecture.</li>
 * </ol>
 * {@code pgbench} must be installed (Debian: {@code postgresql-client}). With {@code -Dbench.result=FILE} (as
 * {@code ./bench partition} runs it) the figures are also written there as a {@link BenchmarkResult}: each figure
 * after partitioning beside the same statement on the one table, on the same data in the same run.
 */
public final class PartitionBenchmark {

    private static final String[] NATIONAL = {"classpath:db/register", "classpath:db/inbox", "classpath:db/provision",
            "classpath:db/subscription", "classpath:db/migration/national"};
    private static final int CODES = 10_000;

    private PartitionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int residents = Integer.getInteger("bench.residents", 1_000_000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        PrintStream out = System.out;
        TestDatabase database = TestPostgres.createDatabase("partition_bench");
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password()));
        Path scripts = Files.createTempDirectory("jukinet-partition-bench");
        try {
            Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                    .locations(NATIONAL).target("90").load().migrate();
            long filled = System.nanoTime();
            fill(jdbc, residents);
            long rows = jdbc.sql("SELECT count(*) FROM resident_history").query(Long.class).single();
            out.printf("Partition benchmark: %,d residents, %,d history rows (filled in %.0f s), %s, %d cores, "
                            + "pgbench %d s × 2 clients%n", residents, rows, (System.nanoTime() - filled) / 1e9,
                    TestPostgres.server().kind(), Runtime.getRuntime().availableProcessors(), seconds);
            writeScripts(scripts);

            jdbc.sql("CHECKPOINT").update();
            Map<String, String> before = measureHistory(database, jdbc, scripts, seconds);
            long migrating = System.nanoTime();
            Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                    .locations(NATIONAL).load().migrate();
            double migration = (System.nanoTime() - migrating) / 1e9;
            // the partitions and history_prefectures, as autovacuum would in a while (V96 analyzed the latter already)
            jdbc.sql("VACUUM ANALYZE resident_history").update();
            jdbc.sql("VACUUM ANALYZE history_prefectures").update();
            jdbc.sql("CHECKPOINT").update();
            Map<String, String> after = measureHistory(database, jdbc, scripts, seconds);

            out.println();
            out.println("| resident_history at J-LIS | one table (before) | 47 partitions by prefecture (after) |");
            out.println("|---|---|---|");
            for (String figure : before.keySet()) {
                out.printf("| %s | %s | %s |%n", figure, before.get(figure), after.get(figure));
            }
            out.printf("| V91, the migration itself | | %.1f s for %,d rows |%n", migration, rows);
            BenchmarkResult.Builder result = BenchmarkResult.builder("partition")
                    .setting(String.format("%,d residents, %,d history rows", residents, rows))
                    .setting("pgbench -M prepared, 2 clients, " + seconds + " s each")
                    .setting("durable PostgreSQL: " + Boolean.getBoolean("jukinet.test.postgres.durable"));
            for (String figure : before.keySet()) {
                result.figure(compared("history in 47 partitions: " + figure, after.get(figure), before.get(figure),
                        "the same on one table (before V91), same data, same run"));
            }
            result.figure(Figure.withoutRawLimit(String.format("V91, the migration itself, %,d rows", rows), migration,
                    "s", false, "no raw limit measured: a migration has no plain-SQL counterpart here"));

            partitionResidentsCopy(jdbc);
            out.println();
            out.println("| a lookup at J-LIS (pgbench, 2 clients) | residents, one table (as built) | residents partitioned by prefecture (not built) |");
            out.println("|---|---|---|");
            for (String key : List.of("number", "code")) {
                String by = key.equals("number") ? "My Number" : "resident code";
                String one = pgbench(database, scripts.resolve(key + "-residents.sql"), seconds);
                String partitioned = pgbench(database, scripts.resolve(key + "-residents_by_prefecture.sql"), seconds);
                out.printf("| by %s | %s | %s |%n", by, one, partitioned);
                result.figure(compared("a lookup by " + by + " on `residents` partitioned by prefecture (not built)",
                        partitioned, one, "the same lookup on `residents`, one table (as built), same run"));
            }
            result.build().writeIfAsked();
        } finally {
            var server = TestPostgres.server();
            JdbcClient.create(new DriverManagerDataSource(server.jdbcUrl("postgres"), server.username(), server.password()))
                    .sql("DROP DATABASE " + database.name() + " WITH (FORCE)").update();
            try (var paths = Files.walk(scripts)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.exit(0);
    }

    /**
     * One of this benchmark's printed figures ({@code "43,946/s (0.05 ms)"} or {@code "704 ms"}) beside the
     * same figure of its baseline.
     */
    private static Figure compared(String what, String figure, String baseline, String baselineIs) {
        if (figure.contains("/s")) {
            return Figure.rate(what, leadingNumber(figure), "/s", leadingNumber(baseline), "/s", baselineIs);
        }
        if (figure.endsWith(" ms")) {
            return Figure.time(what, leadingNumber(figure), "ms", leadingNumber(baseline), "ms", baselineIs);
        }
        // a size as pg_size_pretty writes it: smaller is better, as for a time
        return new Figure(what, mebibytes(figure), "MiB", false, mebibytes(baseline), "MiB", baselineIs);
    }

    private static double mebibytes(String pretty) {
        String unit = pretty.substring(pretty.lastIndexOf(' ') + 1);
        int shift = switch (unit) {
            case "bytes" -> 0;
            case "kB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 40;
        };
        return leadingNumber(pretty) * (1L << shift) / 1048576.0;
    }

    private static double leadingNumber(String text) {
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("[\\d,]+(\\.\\d+)?").matcher(text);
        if (!number.find()) {
            throw new IllegalArgumentException("no figure in " + text);
        }
        return Double.parseDouble(number.group().replace(",", ""));
    }

    /**
     * {@code residents} people, person i in prefecture 1 + (i mod 47), with 1 + (i mod 5) changes
     * each; the identity information is shaped as the network's (about 450 bytes of JSON).
     */
    private static void fill(JdbcClient jdbc, int residents) {
        jdbc.sql("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT code, number, pref, pref || '1016', 'ヤマダハナコ', date '1950-01-01' + (i % 25000), 'FEMALE', 'ACTIVE',
                       jsonb_build_object('residentCode', code, 'myNumber', number, 'name',
                           jsonb_build_object('family', '山田', 'given', '花子', 'familyKana', 'ヤマダ', 'givenKana', 'ハナコ'),
                           'dateOfBirth', date '1950-01-01' + (i % 25000), 'sex', 'FEMALE',
                           'address', jsonb_build_object('text', '東京都千代田区千代田一丁目一番一号　千代田ハイツ' || (i % 900) || '号室'),
                           'municipality', pref || '1016', 'status', 'ACTIVE',
                           'change', jsonb_build_object('reason', 'BIRTH', 'effectiveDate', '2026-01-01', 'notifiedDate', '2026-01-02')),
                       gen_random_uuid(), now(), date '2176-12-03'
                FROM (SELECT i, lpad((i::bigint * 7777777 % 100000000000)::text, 11, '0') AS code,
                             lpad((i::bigint * 3333331 % 1000000000000)::text, 12, '0') AS number,
                             lpad((1 + i % 47)::text, 2, '0') AS pref
                      FROM generate_series(1, :n) i) p""").param("n", residents).update();
        jdbc.sql("""
                INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason, effective_date,
                                              notified_date, identity, previous_resident_code, recorded_at,
                                              retention_until, received_on, prefecture)
                SELECT gen_random_uuid(), r.resident_code, 'pref-' || r.prefecture, row_number() OVER (),
                       CASE WHEN k = 0 THEN 'BIRTH' ELSE 'MOVE_WITHIN' END, date '2000-01-01' + k * 1000,
                       date '2000-01-01' + k * 1000, r.identity, NULL, timestamptz '2000-01-01' + k * interval '1000 days',
                       date '2176-12-03', date '2026-12-03', r.prefecture
                FROM residents r, generate_series(0, 4) k
                WHERE k <= (CAST(r.resident_code AS bigint) % 5)""").update();
        jdbc.sql("CREATE TABLE bench_people (i int PRIMARY KEY, resident_code char(11), my_number char(12))").update();
        jdbc.sql("""
                INSERT INTO bench_people SELECT row_number() OVER (), resident_code, my_number
                FROM (SELECT resident_code, my_number FROM residents ORDER BY md5(resident_code) LIMIT :codes) s""")
                .param("codes", CODES).update();
        jdbc.sql("VACUUM ANALYZE").update();
    }

    private static void writeScripts(Path scripts) throws IOException {
        Files.writeString(scripts.resolve("history.sql"), """
                \\set i random(1, %d)
                SELECT h.change_id, h.reason, h.recorded_at FROM history_prefectures p
                CROSS JOIN LATERAL (%s) h
                WHERE p.resident_code = (SELECT resident_code FROM bench_people WHERE i = :i) ORDER BY h.recorded_at;
                """.formatted(CODES, ResidentRegister.IN_ITS_PARTITION), StandardCharsets.UTF_8);
        Files.writeString(scripts.resolve("history-alone.sql"), """
                \\set i random(1, %d)
                SELECT h.change_id, h.reason, h.recorded_at FROM resident_history h
                WHERE h.resident_code = (SELECT resident_code FROM bench_people WHERE i = :i) ORDER BY h.recorded_at;
                """.formatted(CODES), StandardCharsets.UTF_8);
        Files.writeString(scripts.resolve("record.sql"), """
                \\set i random(1, %d)
                \\set p random(1, 47)
                BEGIN;
                INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason, effective_date,
                    notified_date, identity, previous_resident_code, recorded_at, retention_until, received_on, prefecture)
                SELECT gen_random_uuid(), resident_code, 'bench', NULL, 'MOVE_WITHIN', current_date, current_date,
                       '{"municipality": "131016", "status": "ACTIVE"}', NULL, now(), current_date + 54750, current_date,
                       lpad(:p::text, 2, '0')
                FROM bench_people WHERE i = :i
                ON CONFLICT ON CONSTRAINT resident_history_pkey DO NOTHING;
                ROLLBACK;
                """.formatted(CODES), StandardCharsets.UTF_8);
        for (String table : List.of("residents", "residents_by_prefecture")) {
            Files.writeString(scripts.resolve("number-" + table + ".sql"), """
                    \\set i random(1, %d)
                    SELECT r.identity FROM %s r WHERE r.my_number = (SELECT my_number FROM bench_people WHERE i = :i);
                    """.formatted(CODES, table), StandardCharsets.UTF_8);
            Files.writeString(scripts.resolve("code-" + table + ".sql"), """
                    \\set i random(1, %d)
                    SELECT r.identity FROM %s r WHERE r.resident_code = (SELECT resident_code FROM bench_people WHERE i = :i);
                    """.formatted(CODES, table), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> measureHistory(TestDatabase database, JdbcClient jdbc, Path scripts, int seconds)
            throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("a person's history by resident code, the history alone (as ResidentRegister#history reads it; pgbench)",
                pgbench(database, scripts.resolve("history-alone.sql"), seconds));
        figures.put("a person's history by resident code, through history_prefectures (pgbench)",
                pgbench(database, scripts.resolve("history.sql"), seconds));
        figures.put("recording a change (insert, rolled back; pgbench)", pgbench(database, scripts.resolve("record.sql"), seconds));
        figures.put("1,000 people's latest change each, through history_prefectures (the as-of extract's and the check's leaves' access)",
                median(jdbc, """
                        SELECT count(h.change_id) FROM bench_people b
                        LEFT JOIN LATERAL (SELECT h.change_id FROM history_prefectures p
                                           CROSS JOIN LATERAL (""" + ResidentRegister.IN_ITS_PARTITION + """
                                               ) h
                                           WHERE p.resident_code = b.resident_code AND h.effective_date <= date '2026-12-03'
                                           ORDER BY h.effective_date DESC, h.recorded_at DESC LIMIT 1) h ON true
                        WHERE b.i <= 1000"""));
        figures.put("one prefecture's history read and digested (13, a 47th)", median(jdbc, """
                SELECT count(*), bit_xor(('x' || left(md5(change_id::text || identity::text), 16))::bit(64)::bigint)
                FROM resident_history WHERE prefecture = '13'"""));
        figures.put("the retention purge's scan (nothing due)", median(jdbc,
                "SELECT count(*) FROM resident_history WHERE retention_until < date '2026-12-03'"));
        figures.put("size on disk (table and indexes)", jdbc.sql("""
                SELECT pg_size_pretty(sum(pg_total_relation_size(oid))) FROM pg_class
                WHERE relkind = 'r' AND (relname = 'resident_history' OR relname ~ '^resident_history_[0-9]{2}$')""")
                .query(String.class).single());
        return figures;
    }

    /** The median of 3 timed runs of {@code sql}, after one untimed run that warms the cache. */
    private static String median(JdbcClient jdbc, String sql) {
        jdbc.sql(sql).query().listOfRows();
        List<Double> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            jdbc.sql(sql).query().listOfRows();
            runs.add((System.nanoTime() - started) / 1e6);
        }
        Collections.sort(runs);
        return String.format("%,.0f ms", runs.get(1));
    }

    /** The copy of {@code residents} partitioned by prefecture, with the same keys and indexes. */
    private static void partitionResidentsCopy(JdbcClient jdbc) {
        jdbc.sql("""
                CREATE TABLE residents_by_prefecture (LIKE residents INCLUDING DEFAULTS,
                    PRIMARY KEY (resident_code, prefecture), UNIQUE (my_number, prefecture)) PARTITION BY LIST (prefecture)""")
                .update();
        for (int p = 1; p <= 47; p++) {
            jdbc.sql("CREATE TABLE residents_by_prefecture_%02d PARTITION OF residents_by_prefecture FOR VALUES IN ('%02d')"
                    .formatted(p, p)).update();
        }
        jdbc.sql("INSERT INTO residents_by_prefecture SELECT * FROM residents").update();
        jdbc.sql("VACUUM ANALYZE residents_by_prefecture").update();
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    /** {@code pgbench -M prepared}, 2 clients and threads: "tps, mean latency". */
    private static String pgbench(TestDatabase database, Path script, int seconds) throws Exception {
        PostgresServer server = TestPostgres.server();
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", "2", "-j", "2",
                "-T", Integer.toString(seconds), "-h", server.host(), "-p", Integer.toString(server.port()),
                "-U", database.username(), "-f", script.toString()));
        command.add(database.name());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", database.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (!tps.find() || !latency.find()) {
            throw new IllegalStateException("pgbench said: " + output);
        }
        return String.format("%,.0f/s (%.2f ms)", Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1)));
    }
}
