package jp.jukinet.service.register;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.testsupport.TestDatabase;
import jp.jukinet.testsupport.TestPostgres;

/**
 * Measures the digests of one municipality computed at check time (not part of the build: the name
 * does not end in Test). Run with
 * <pre>{@code
 * ./mvnw -B -o -pl service-support -am verify -Dtest=RegisterDigestsBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dbench.residents=100000,1000000
 * }</pre>
 * For each size N it fills {@code residents} with N residents of 千代田区 and N of other municipalities
 * (random-looking codes, so the buckets fill evenly), vacuums it (as autovacuum would: the visibility
 * map makes the scan index-only), then times, five times each and prints the median: the
 * municipality's digest alone ({@link RegisterDigests#summary}), its digest with its bucket digests
 * ({@link RegisterDigests#digests}, what a tier answers), one bucket's leaves, and beside them the raw
 * limit of the same range: {@code count(*)}; first as the planner chooses (here, where the
 * municipality is half the table, a parallel heap scan), then with seq and bitmap scans off (the index-only
 * scan a municipality that is a small share of the table gets). With {@code -Dbench.result=FILE} (as
 * {@code ./bench register-digests} runs it) the medians are also written there as a {@link BenchmarkResult}, each
 * beside the {@code count(*)} of the same range.
 */
class RegisterDigestsBenchmark {

    static final LocalGovernmentCode CHIYODA = LocalGovernmentCode.of("131016");

    @Test
    void digestsOfOneMunicipality() throws Exception {
        BenchmarkResult.Builder result = BenchmarkResult.builder("register-digests")
                .setting("median of 5 after one unmeasured").setting("reads only");
        for (String size : System.getProperty("bench.residents", "100000,1000000").split(",")) {
            measure(Integer.parseInt(size.trim()), result);
        }
        result.build().writeIfAsked();
    }

    private static void measure(int n, BenchmarkResult.Builder result) throws Exception {
        TestDatabase database = TestPostgres.createDatabase("digests_bench_" + n);
        // one connection, so that a SET below holds for what follows it
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(database.jdbcUrl(), database.username(),
                database.password(), true));
        database.migrate("classpath:db/register");
        long start = System.nanoTime();
        // i * 7,777,777 mod 10^11 is a bijection on 0..10^11-1: unique codes spread over every bucket
        jdbc.update("""
                INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name, date_of_birth,
                                       sex, status, identity, last_change_id, updated_at, retention_until)
                SELECT lpad(((i * 7777777) % 100000000000)::text, 11, '0'), lpad(i::text, 12, '0'), '13',
                       CASE WHEN i % 2 = 0 THEN '131016' ELSE '13' || lpad((1024 + i % 40)::text, 4, '0') END,
                       'ヤマダハナコ', date '1990-01-01' + (i % 20000)::int, CASE WHEN i % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END,
                       CASE WHEN i % 50 = 0 THEN 'REMOVED' ELSE 'ACTIVE' END,
                       jsonb_build_object('residentCode', lpad(((i * 7777777) % 100000000000)::text, 11, '0'),
                                          'change', jsonb_build_object('reason', 'BIRTH')),
                       gen_random_uuid(), now(), date '2176-12-03'
                FROM generate_series(1::bigint, ?) AS i""", 2 * n);
        double fill = (System.nanoTime() - start) / 1e9;
        jdbc.execute("VACUUM ANALYZE residents");
        RegisterDigests digests = new RegisterDigests(JdbcClient.create(jdbc));
        long held = digests.summary(CHIYODA).residents();
        String bucket = digests.bucketDigests(CHIYODA).keySet().iterator().next();
        long indexBytes = jdbc.queryForObject("SELECT pg_relation_size('residents_digest')", Long.class);
        report("%,d residents of 131016 in a table of %,d (filled in %.1f s; index residents_digest %,d MB; %,d buckets)",
                held, 2L * n, fill, indexBytes >> 20, digests.bucketDigests(CHIYODA).size());
        for (String path : List.of("planner's choice", "index-only scan (seq and bitmap scans off)")) {
            if (path.startsWith("index")) {
                jdbc.execute("SET enable_seqscan = off");
                jdbc.execute("SET enable_bitmapscan = off");
            }
            report(" %s:", path);
            double alone = median(() -> digests.summary(CHIYODA));
            double answer = median(() -> digests.digests(CHIYODA));
            double leaves = median(() -> digests.bucket(CHIYODA, bucket));
            double raw = median(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM residents WHERE municipality = '131016' AND " + RegisterDigests.COVERED,
                    Long.class));
            report("  municipality digest alone    %8.1f ms", alone);
            report("  digest and bucket digests    %8.1f ms  (what a tier answers)", answer);
            report("  one bucket's leaves          %8.1f ms", leaves);
            report("  raw: count(*) of the range   %8.1f ms", raw);
            String of = String.format(" of %,d residents (table of %,d), %s", held, 2L * n, path);
            String rawIs = "`count(*)` of the same range, same connection, same plan settings";
            result.figure(Figure.time("municipality digest alone" + of, alone, "ms", raw, "ms", rawIs));
            result.figure(Figure.time("digest and 10,000 bucket digests (a tier's answer)" + of, answer, "ms", raw, "ms",
                    rawIs));
            report("  plan: %s", String.join(" / ", jdbc.queryForList("EXPLAIN SELECT left(resident_code, 4), "
                    + "bit_xor(register_digest_leaf(resident_code, last_change_id, status)) FROM residents WHERE "
                    + "municipality = CAST('131016' AS bpchar) AND " + RegisterDigests.COVERED + " GROUP BY 1",
                    String.class)).replaceAll("\\s+", " "));
        }
        jdbc.execute("RESET enable_seqscan");
        jdbc.execute("RESET enable_bitmapscan");
        jdbc.execute("DROP TABLE residents CASCADE");
    }

    private static double median(Supplier<?> work) {
        List<Double> times = new ArrayList<>();
        work.get(); // warm
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            work.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times.get(2);
    }

    private static void report(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
