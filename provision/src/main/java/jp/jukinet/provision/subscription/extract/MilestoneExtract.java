package jp.jukinet.provision.subscription.extract;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.model.identity.IdentityInformation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monthly extract of persons reaching a milestone age (節目年齢到達者, e.g. 20, 34, 44, 54 for
 * 日本年金機構): every resident in force ({@code status = 'ACTIVE'}; no removed record, so no dead
 * person and no one who moved abroad) who attains the age during the month as Japanese law counts
 * it ({@link AgeReckoning}: at the end of the day before the birthday, 28 February for those born on
 * 29 February), and whose 通知都道府県 (the {@code residents.prefecture} that notified J-LIS) the
 * rule's scope covers.
 *
 * <p>Reads the register's current records ({@code residents}) and never holds them all: it reads
 * keyset pages in (date of birth, resident code) order on the partial index
 * {@code residents_active_by_birth} (migration {@code db/subscription} V70), one short statement
 * per page, and hands each page to the consumer before reading the next. Memory is one page
 * whatever the size of the register; no transaction or cursor stays open while the consumer works.
 * Each page is read at its own moment, so a person whose record changes during the run is
 * extracted as the page that reached them found them (a death recorded before their page is read
 * leaves them out). Runs in the caller's transaction if there is one; none is needed.
 */
public class MilestoneExtract {

    /** Default page, and batch handed to the consumer. */
    public static final int DEFAULT_PAGE_SIZE = 1_000;

    private static final List<PrefectureCode> PREFECTURES = IntStream.rangeClosed(1, PrefectureCode.COUNT)
            .mapToObj(PrefectureCode::of).toList();

    private static final String PAGE = """
            SELECT resident_code, date_of_birth, identity::text AS identity FROM residents
            WHERE status = 'ACTIVE'
              AND date_of_birth BETWEEN :first AND :last
              AND (date_of_birth, resident_code) > (:afterBirth, CAST(:afterCode AS char(11)))
              AND prefecture = ANY(CAST(:prefectures AS text[]))
            ORDER BY date_of_birth, resident_code
            LIMIT :page""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int pageSize;

    public MilestoneExtract(JdbcClient jdbc, JsonMapper json, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.jdbc = jdbc;
        this.json = json;
        this.pageSize = pageSize;
    }

    public MilestoneExtract(JdbcClient jdbc, JsonMapper json) {
        this(jdbc, json, DEFAULT_PAGE_SIZE);
    }

    /**
     * One person who attains the age in the month.
     *
     * @param identity   the current record (本人確認情報), in force
     * @param age        the milestone age
     * @param attainedOn the day at whose end the person attains it, in the month
     */
    public record Reached(IdentityInformation identity, int age, LocalDate attainedOn) {

        /** Withholds the personal data. */
        @Override
        public String toString() {
            return "Reached[age=" + age + ", attainedOn=" + attainedOn + "]";
        }
    }

    /**
     * Hands every resident in force who attains {@code age} in {@code month} and whose notifying
     * prefecture {@code scope} accepts to {@code batches}, in (date of birth, resident code) order,
     * in lists of at most the page size (never an empty list).
     *
     * @param scope which notifying prefectures the rule covers: {@code p -> true} for a national
     *              rule, {@code rule.scope()::covers} for a scoped one (30-10: the recipient's own)
     * @return how many persons were handed over
     * @throws IllegalArgumentException when {@code age} is not between 1 and {@value AgeReckoning#MAX_AGE}
     */
    public long run(YearMonth month, int age, Predicate<PrefectureCode> scope, Consumer<List<Reached>> batches) {
        AgeReckoning.BirthRange born = AgeReckoning.bornBetween(month, age);
        // the predicate is the rule's; asked once per prefecture, it becomes a filter the database applies
        String[] covered = PREFECTURES.stream().filter(scope).map(PrefectureCode::value).toArray(String[]::new);
        if (covered.length == 0) {
            return 0;
        }
        long handed = 0;
        LocalDate afterBirth = born.first();
        String afterCode = ""; // as char(11): blanks, before every code
        while (true) {
            List<Row> page = jdbc.sql(PAGE)
                    .param("first", Date.valueOf(born.first()))
                    .param("last", Date.valueOf(born.last()))
                    .param("afterBirth", Date.valueOf(afterBirth))
                    .param("afterCode", afterCode)
                    .param("prefectures", covered)
                    .param("page", pageSize)
                    .query((row, n) -> new Row(row.getString(1), row.getDate(2).toLocalDate(), row.getString(3)))
                    .list();
            if (page.isEmpty()) {
                return handed;
            }
            List<Reached> batch = page.stream()
                    .map(row -> new Reached(json.readValue(row.identity(), IdentityInformation.class), age,
                            AgeReckoning.attainmentDay(row.dateOfBirth(), age)))
                    .toList();
            batches.accept(batch);
            handed += batch.size();
            if (page.size() < pageSize) {
                return handed;
            }
            Row last = page.get(page.size() - 1);
            afterBirth = last.dateOfBirth();
            afterCode = last.residentCode();
        }
    }

    private record Row(String residentCode, LocalDate dateOfBirth, String identity) {
    }
}
