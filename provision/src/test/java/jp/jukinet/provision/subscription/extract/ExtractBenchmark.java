package jp.jukinet.provision.subscription.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

import jp.jukinet.bench.BenchmarkResult;
import jp.jukinet.bench.BenchmarkResult.Figure;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.provision.ProvisionScope;
import jp.jukinet.service.register.ResidentRegister;

/**
 * Measures the two extracts (not part of the build: the name does not end in Test). Run with
 * <pre>{@code
 * ./mvnw -B -o -pl provision -am verify -Dtest=ExtractBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djacoco.skip=true -Dbench.residents=1000000 -DargLine=-Xmx256m
 * }</pre>
 * It fills a national register with {@code bench.residents} residents (default 1,000,000) straight
 * into {@code residents} and {@code resident_history}: births spread evenly over 100 years, over all
 * 47 prefectures, 2% removed, a fifth with a later move and 1% with a changed resident code. Then,
 * with the raw rate of the same rows read by one plain streamed JDBC statement beside each:
 * the milestone extract of one month for 20, 34, 44 and 54 (national, and a 30-10 rule's one
 * prefecture), the extract of every age 1–100 in one month (a twelfth of the register), and the
 * as-of extract of {@code bench.asof} codes (default 200,000). The plan of one page is printed. With
 * {@code -Dbench.result=FILE} (as {@code ./bench extract} runs it) the figures are also written there as a
 * {@link BenchmarkResult}, each beside its raw read of the same run.
 */
class ExtractBenchmark {

    private static final long FIRST = 2_000_000_000L;
    private static final LocalDate OLDEST = LocalDate.of(1926, 1, 1);
    private static final int DAYS = 36_525; // a hundred years of births
    private static final YearMonth MONTH = YearMonth.of(2026, 5);

    private static final BenchmarkResult.Builder RESULT = BenchmarkResult.builder("extract");

    @Test
    void extracts() {
        int count = Integer.getInteger("bench.residents", 1_000_000);
        int asOfCount = Integer.getInteger("bench.asof", 200_000);
        RESULT.setting(String.format("%,d residents", count)).setting(String.format("as-of extract of %,d codes",
                Math.min(asOfCount, count))).setting("one thread, in-JVM, reads only");
        try (ExtractRegister register = new ExtractRegister("extract_bench")) {
            run(register, count, asOfCount);
        }
        RESULT.build().writeIfAsked();
    }

    private static void run(ExtractRegister register, int count, int asOfCount) {
        long start = System.nanoTime();
        fill(register, count);
        report("filled %,d residents (%,d history rows, %,d retired codes) in %.1f s", count,
                register.jdbc.sql("SELECT count(*) FROM resident_history").query(Long.class).single(),
                register.jdbc.sql("SELECT count(*) FROM retired_resident_codes").query(Long.class).single(),
                seconds(start));
        report("plan of one page:%n%s", plan(register));

        MilestoneExtract milestones = new MilestoneExtract(register.jdbc, register.json);
        milestone(register, milestones, "warm-up, ages 20/34/44/54, national", List.of(20, 34, 44, 54), p -> true);
        milestone(register, milestones, "ages 20/34/44/54, national rule", List.of(20, 34, 44, 54), p -> true);
        ProvisionScope tokyo = new ProvisionScope(PrefectureCode.of("13"), ProvisionScope.NotifiedBy.RECIPIENT_PREFECTURE);
        milestone(register, milestones, "ages 20/34/44/54, 30-10 rule of 東京都", List.of(20, 34, 44, 54), tokyo::covers);
        milestone(register, milestones, "every age 1-100, national rule",
                java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList(), p -> true);

        AsOfExtract asOf = new AsOfExtract(register.jdbc, register.json);
        asOf(register, asOf, Math.min(asOfCount, count), count);
    }

    private static void milestone(ExtractRegister register, MilestoneExtract extract, String label, List<Integer> ages,
                                  java.util.function.Predicate<PrefectureCode> scope) {
        String[] covered = java.util.stream.IntStream.rangeClosed(1, 47).mapToObj(PrefectureCode::of).filter(scope)
                .map(PrefectureCode::value).toArray(String[]::new);
        long rawStart = System.nanoTime();
        long raw = 0;
        for (int age : ages) {
            AgeReckoning.BirthRange born = AgeReckoning.bornBetween(MONTH, age);
            raw += register.template.execute((ConnectionCallback<Long>) connection -> {
                connection.setAutoCommit(false);
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT resident_code, date_of_birth, identity::text FROM residents
                        WHERE status = 'ACTIVE' AND date_of_birth BETWEEN ? AND ?
                          AND prefecture = ANY(CAST(? AS text[]))""")) {
                    select.setFetchSize(1_000);
                    select.setObject(1, born.first());
                    select.setObject(2, born.last());
                    select.setArray(3, connection.createArrayOf("text", covered));
                    long rows = 0;
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            row.getString(1);
                            row.getDate(2);
                            row.getString(3);
                            rows++;
                        }
                    }
                    return rows;
                } finally {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            });
        }
        double rawSeconds = seconds(rawStart);
        AtomicLong batches = new AtomicLong();
        long startExtract = System.nanoTime();
        long handed = 0;
        for (int age : ages) {
            handed += extract.run(MONTH, age, scope, batch -> batches.incrementAndGet());
        }
        double elapsed = seconds(startExtract);
        report("milestone extract %s, %s: %,d persons in %,d batches, %.3f s (%,.0f persons/s); raw streamed select of "
                + "the same rows %.3f s (%,.0f rows/s): %.2f of the raw rate", MONTH, label, handed, batches.get(), elapsed,
                handed / elapsed, rawSeconds, raw / rawSeconds, (handed / elapsed) / (raw / rawSeconds));
        assertThat(handed).isEqualTo(raw);
        if (!label.startsWith("warm-up")) {
            RESULT.figure(Figure.rate(String.format("milestone extract %s, %s (%,d persons)", MONTH, label, handed),
                    handed / elapsed, "persons/s", raw / rawSeconds, "rows/s", "one plain streamed select of the same rows "
                            + "(fetch size 1,000), no paging, ordering or JSON parsing"));
        }
    }

    private static void asOf(ExtractRegister register, AsOfExtract extract, int asked, int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        long[] serials = LongStream.generate(() -> FIRST + random.nextInt(count)).limit(asked).toArray();
        LocalDate date = LocalDate.of(2025, 1, 1);
        Iterator<ResidentCode> codes = LongStream.of(serials).mapToObj(ResidentCode::fromSerial).iterator();
        extract.run(LongStream.of(serials).limit(20_000).mapToObj(ResidentCode::fromSerial).iterator(), date,
                batch -> { }); // warm-up
        long[] outcomes = new long[AsOfExtract.Outcome.values().length];
        long start = System.nanoTime();
        long answered = extract.run(codes, date, batch -> batch.forEach(a -> outcomes[a.outcome().ordinal()]++));
        double elapsed = seconds(start);

        long rawStart = System.nanoTime();
        long raw = 0;
        for (int from = 0; from < serials.length; from += 1_000) {
            String[] chunk = LongStream.of(serials).skip(from).limit(1_000)
                    .mapToObj(serial -> ResidentCode.fromSerial(serial).value()).toArray(String[]::new);
            raw += register.jdbc.sql("""
                            SELECT h.identity::text FROM unnest(CAST(:codes AS text[])) AS q(code)
                            JOIN resident_history h ON h.resident_code = CAST(q.code AS char(11))""")
                    .param("codes", chunk).query(String.class).list().size();
        }
        double rawSeconds = seconds(rawStart);
        report("as-of extract of %,d codes on %s: %.2f s (%,.0f codes/s; found %,d, not yet registered %,d, unknown %,d); "
                + "raw: every history row of the same codes by primary-key join, chunks of 1,000, %.2f s (%,.0f codes/s): "
                + "%.2f of the raw rate", answered, date, elapsed, answered / elapsed,
                outcomes[AsOfExtract.Outcome.FOUND.ordinal()], outcomes[AsOfExtract.Outcome.NOT_YET_REGISTERED.ordinal()],
                outcomes[AsOfExtract.Outcome.UNKNOWN.ordinal()], rawSeconds, asked / rawSeconds,
                (answered / elapsed) / (asked / rawSeconds));
        report("(raw read %,d history rows)", raw);
        assertThat(answered).isEqualTo(asked);
        RESULT.figure(Figure.rate(String.format("as-of extract of %,d codes on %s", answered, date), answered / elapsed,
                "codes/s", asked / rawSeconds, "codes/s", "every history row of the same codes by primary-key join, "
                        + "chunks of 1,000, without choosing among them"));
    }

    private static String plan(ExtractRegister register) {
        AgeReckoning.BirthRange born = AgeReckoning.bornBetween(MONTH, 20);
        return String.join("\n", register.jdbc.sql("""
                        EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                        SELECT resident_code, date_of_birth, identity::text AS identity FROM residents
                        WHERE status = 'ACTIVE' AND date_of_birth BETWEEN :first AND :last
                          AND (date_of_birth, resident_code) > (:afterBirth, CAST(:afterCode AS char(11)))
                          AND prefecture = ANY(CAST(:prefectures AS text[]))
                        ORDER BY date_of_birth, resident_code LIMIT 1000""")
                .param("first", java.sql.Date.valueOf(born.first()))
                .param("last", java.sql.Date.valueOf(born.last()))
                .param("afterBirth", java.sql.Date.valueOf(born.first()))
                .param("afterCode", "")
                .param("prefectures", new String[] {"13", "27"})
                .query(String.class).list());
    }

    /** Residents and their history straight into the tables, 5,000 a statement. */
    private static void fill(ExtractRegister register, int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
        for (int from = 0; from < count; from += 5_000) {
            int rows = Math.min(5_000, count - from);
            List<String[]> residents = new ArrayList<>(rows);
            List<String[]> history = new ArrayList<>(rows + rows / 4);
            List<String[]> retired = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                long serial = FIRST + from + i;
                LocalDate born = OLDEST.plusDays(random.nextInt(DAYS));
                PrefectureCode prefecture = PrefectureCode.of(1 + random.nextInt(47));
                LocalGovernmentCode municipality = LocalGovernmentCode.of(prefecture, 100);
                ResidentCode code = ResidentCode.fromSerial(serial);
                IdentityInformation birth = new IdentityInformation(code, MyNumber.fromData(serial * 7 + 3),
                        PersonName.of("田中", "一郎", "タナカ", "イチロウ"), born, serial % 2 == 0 ? Sex.MALE : Sex.FEMALE,
                        new Address("東京都千代田区千代田" + (serial % 100) + "番"), municipality, ResidentStatus.ACTIVE,
                        new ChangeInformation(ChangeReason.BIRTH, born, born));
                history.add(historyRow(register, birth, null));
                IdentityInformation current = birth;
                int roll = random.nextInt(100);
                if (roll < 20) {
                    current = next(current, ChangeReason.MOVE_WITHIN, LocalDate.of(2025, 6, 1), ResidentStatus.ACTIVE);
                    history.add(historyRow(register, current, null));
                } else if (roll < 22) {
                    current = next(current, ChangeReason.DEATH, LocalDate.of(2024, 6, 1), ResidentStatus.REMOVED);
                    history.add(historyRow(register, current, null));
                } else if (roll < 23) {
                    ResidentCode renumbered = ResidentCode.fromSerial(serial + 5_000_000_000L);
                    LocalDate renumberedOn = born.isAfter(LocalDate.of(2024, 1, 10)) ? born : LocalDate.of(2024, 1, 10);
                    current = new IdentityInformation(renumbered, current.myNumber(), current.name(), born,
                            current.sex(), current.address(), municipality, ResidentStatus.ACTIVE,
                            new ChangeInformation(ChangeReason.RESIDENT_CODE_CHANGE, renumberedOn, renumberedOn));
                    history.add(historyRow(register, current, code));
                    retired.add(new String[] {code.value(), renumbered.value()});
                }
                residents.add(new String[] {current.residentCode().value(), current.myNumber().value(),
                        prefecture.value(), municipality.value(), ResidentRegister.normalizedName(current),
                        born.toString(), current.sex().name(), current.status().name(),
                        register.json.writeValueAsString(current)});
            }
            insert(register, """
                    INSERT INTO residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                           date_of_birth, sex, status, identity, last_change_id, updated_at,
                                           retention_until)
                    SELECT u.c0, u.c1, u.c2, u.c3, u.c4, u.c5::date, u.c6, u.c7, u.c8::jsonb, gen_random_uuid(), now(),
                           DATE '2176-04-01'
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::text[]) AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8)""", residents, 9);
            insert(register, """
                    INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason,
                                                  effective_date, notified_date, identity, previous_resident_code,
                                                  recorded_at, retention_until, received_on, prefecture)
                    SELECT gen_random_uuid(), u.c0, 'national', NULL, u.c1, u.c2::date, u.c2::date, u.c3::jsonb,
                           nullif(u.c4, ''), now(), DATE '2176-04-01', current_date,
                           left(u.c3::jsonb ->> 'municipality', 2)
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(c0, c1, c2, c3, c4)""",
                    history, 5);
            if (!retired.isEmpty()) {
                insert(register, """
                        INSERT INTO retired_resident_codes (retired_code, current_code, retired_at)
                        SELECT u.c0, u.c1, now() FROM unnest(?::text[], ?::text[]) AS u(c0, c1)""", retired, 2);
            }
        }
        register.template.execute("VACUUM ANALYZE residents");
        register.template.execute("VACUUM ANALYZE resident_history");
        // filled by resident_history's trigger as the rows went in: without statistics the as-of extract reads it whole
        // for each person
        register.template.execute("VACUUM ANALYZE history_prefectures");
        register.template.execute("VACUUM ANALYZE retired_resident_codes");
    }

    private static IdentityInformation next(IdentityInformation before, ChangeReason reason, LocalDate on,
                                            ResidentStatus status) {
        on = on.isBefore(before.dateOfBirth()) ? before.dateOfBirth() : on; // no change before the birth
        return new IdentityInformation(before.residentCode(), before.myNumber(), before.name(), before.dateOfBirth(),
                before.sex(), reason == ChangeReason.MOVE_WITHIN ? new Address("東京都千代田区丸の内1番") : before.address(),
                before.municipality(), status, new ChangeInformation(reason, on, on), before.residence());
    }

    private static String[] historyRow(ExtractRegister register, IdentityInformation identity, ResidentCode previous) {
        return new String[] {identity.residentCode().value(), identity.change().reason().name(),
                identity.change().effectiveDate().toString(), register.json.writeValueAsString(identity),
                previous == null ? "" : previous.value()};
    }

    private static void insert(ExtractRegister register, String sql, List<String[]> rows, int columns) {
        register.template.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (int c = 0; c < columns; c++) {
                    String[] column = new String[rows.size()];
                    for (int r = 0; r < rows.size(); r++) {
                        column[r] = rows.get(r)[c];
                    }
                    Array array = connection.createArrayOf("text", column);
                    insert.setArray(c + 1, array);
                }
                return insert.executeUpdate();
            }
        });
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
