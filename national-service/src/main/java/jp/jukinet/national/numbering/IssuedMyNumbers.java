package jp.jukinet.national.numbering;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;

/**
 * Every My Number ever issued, current or retired. The primary key on the number is what makes
 * "never issued twice" hold; the partial unique index on the resident code (where not retired)
 * that a code has at most one current number, whatever concurrent requests do. All methods run
 * in the caller's transaction.
 */
@Repository
class IssuedMyNumbers {

    private final JdbcClient jdbc;

    IssuedMyNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A number derived for a code at a counter, about to be issued. */
    record Candidate(ResidentCode residentCode, int counter, MyNumber myNumber) {

        @Override
        public String toString() {
            return "Candidate[residentCode=" + residentCode + ", counter=" + counter + ", myNumber=************]";
        }
    }

    /**
     * The current numbers of those {@code codes} that have one, their rows locked until the
     * transaction ends. Rows are locked in resident-code order, so that two requests with
     * overlapping codes cannot deadlock on them.
     */
    Map<ResidentCode, MyNumber> lockCurrent(Collection<ResidentCode> codes) {
        Map<ResidentCode, MyNumber> current = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT resident_code, my_number FROM issued_my_numbers
                WHERE resident_code = ANY (CAST(:codes AS char(11)[])) AND retired_at IS NULL
                ORDER BY resident_code
                FOR UPDATE""")
                .param("codes", values(codes))
                .query(row -> {
                    current.put(ResidentCode.of(row.getString("resident_code")), MyNumber.of(row.getString("my_number")));
                });
        return current;
    }

    /** Retires these current numbers (個人番号の変更); they stay recorded and are never issued again. */
    void retire(Collection<MyNumber> numbers) {
        if (numbers.isEmpty()) {
            return;
        }
        String[] values = numbers.stream().map(MyNumber::value).toArray(String[]::new);
        jdbc.sql("""
                UPDATE issued_my_numbers SET retired_at = greatest(statement_timestamp(), issued_at)
                WHERE my_number = ANY (CAST(:numbers AS char(12)[])) AND retired_at IS NULL""")
                .param("numbers", values).update();
    }

    /**
     * For each code that ever had a number, the derivation counter after the highest it used;
     * codes that never had one are absent (their counter starts at 0).
     */
    Map<ResidentCode, Integer> nextCounters(Collection<ResidentCode> codes) {
        Map<ResidentCode, Integer> next = new HashMap<>();
        jdbc.sql("""
                SELECT resident_code, max(derivation_counter) + 1 AS next FROM issued_my_numbers
                WHERE resident_code = ANY (CAST(:codes AS char(11)[]))
                GROUP BY resident_code""")
                .param("codes", values(codes))
                .query(row -> {
                    next.put(ResidentCode.of(row.getString("resident_code")), row.getInt("next"));
                });
        return next;
    }

    /**
     * Issues each candidate whose number was never issued before and returns the codes issued.
     * A candidate whose number exists (for any code, current or retired) is skipped; its caller
     * derives the next one. Where a concurrent transaction has just issued a current number for
     * the same code, this throws {@link org.springframework.dao.DuplicateKeyException} and the
     * whole request is retried.
     */
    Set<ResidentCode> issueUnlessTaken(List<Candidate> candidates) {
        String[] numbers = candidates.stream().map(c -> c.myNumber().value()).toArray(String[]::new);
        String[] codes = candidates.stream().map(c -> c.residentCode().value()).toArray(String[]::new);
        int[] counters = candidates.stream().mapToInt(Candidate::counter).toArray();
        Set<ResidentCode> issued = new HashSet<>();
        jdbc.sql("""
                INSERT INTO issued_my_numbers (my_number, resident_code, derivation_counter, issued_at)
                SELECT n, c, k, statement_timestamp()
                FROM unnest(CAST(:numbers AS char(12)[]), CAST(:codes AS char(11)[]), CAST(:counters AS integer[]))
                     AS t(n, c, k)
                ON CONFLICT (my_number) DO NOTHING
                RETURNING resident_code""")
                .param("numbers", numbers).param("codes", codes).param("counters", counters)
                .query(row -> {
                    issued.add(ResidentCode.of(row.getString("resident_code")));
                });
        return issued;
    }

    private static String[] values(Collection<ResidentCode> codes) {
        return codes.stream().map(ResidentCode::value).toArray(String[]::new);
    }
}
