package jp.jukinet.national.numbering;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.code.PrefectureCode;
import jp.jukinet.national.numbering.IssuedMyNumbers.Candidate;

/**
 * Restores J-LIS's numbering state when its register is rebuilt from the prefectures (F8), so that
 * no resident code is allocated twice and no My Number issued twice afterwards. Every method runs
 * in the caller's transaction.
 * <ul>
 *   <li>{@link #loadBlock}: a block of resident codes a prefecture relayed (its copy in
 *       {@code relayed_code_blocks}), back into {@code resident_code_blocks} and
 *       {@code allocated_resident_codes}. A code claimed by two blocks fails the load (the primary
 *       key): the copies contradict each other and no guess is made.</li>
 *   <li>{@link #restore}, once every prefecture is loaded: (1) every resident code of the register
 *       that no relayed block covers (allocated before the prefectures kept copies) is recorded as
 *       allocated to the municipality holding the person now; (2) every My Number of the register
 *       (current records and every history row, so the numbers retired by 個人番号の変更 too) is
 *       recorded as issued, to the code whose keyed derivation gives it (the counter is found by
 *       deriving again), current when a record holds it now; (3) every allocated code that nobody
 *       holds gets the My Number J-LIS would issue it now (the first free derivation), so a number
 *       J-LIS issued for it before the loss (to a birth not yet notified, or one that failed at the
 *       CS after numbering) is recorded again and can never go to another code.</li>
 * </ul>
 */
@Component
public class RestoreNumbering {

    /** What the restore recorded. {@code underived}: numbers that no counter up to {@value #MAX_COUNTER} derives (another key). */
    public record Restored(long allocatedFromRegister, long myNumbers, long underived, long reserved) {
    }

    private static final Logger log = LoggerFactory.getLogger(RestoreNumbering.class);
    /** Counters tried to find the derivation of a number: far beyond any real chain of collisions (see IssueMyNumbers). */
    private static final int MAX_COUNTER = 64;
    private static final int CHUNK = 1_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final IssuedMyNumbers issued;
    private final MyNumberDerivation derivation;

    RestoreNumbering(JdbcClient jdbc, DataSource dataSource, IssuedMyNumbers issued, MyNumberDerivation derivation) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(CHUNK);
        this.issued = issued;
        this.derivation = derivation;
    }

    /**
     * Records a relayed block as allocated by J-LIS, its codes at their positions.
     *
     * @throws IllegalArgumentException when the block's municipality is not of {@code prefecture}
     *                                  (a prefecture vouches only for the blocks of its own municipalities)
     */
    public void loadBlock(PrefectureCode prefecture, UUID blockId, UUID requestId, LocalGovernmentCode municipality,
                          List<String> codes, Instant allocatedAt) {
        if (!municipality.prefecture().equals(prefecture)) {
            throw new IllegalArgumentException("prefecture " + prefecture.value() + " sent a block of municipality "
                    + municipality.value() + " of another prefecture");
        }
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, size, allocated_at)
                VALUES (:blockId, :requestId, :municipality, :size, :at)""")
                .param("blockId", blockId).param("requestId", requestId).param("municipality", municipality.value())
                .param("size", codes.size()).param("at", Timestamp.from(allocatedAt)).update();
        jdbc.sql("""
                INSERT INTO allocated_resident_codes (resident_code, municipality, block_id, position, allocated_at)
                SELECT t.code, :municipality, :blockId, t.i - 1, :at
                FROM unnest(CAST(:codes AS char(11)[])) WITH ORDINALITY AS t(code, i)""")
                .param("blockId", blockId).param("municipality", municipality.value())
                .param("codes", codes.toArray(String[]::new)).param("at", Timestamp.from(allocatedAt)).update();
    }

    /** Steps (1)-(3) above, after every prefecture's register and blocks are loaded. */
    public Restored restore() {
        long allocated = allocateRegisteredCodes();
        long[] numbers = restoreIssuedNumbers();
        long reserved = reserveForUnheldCodes();
        Restored restored = new Restored(allocated, numbers[0], numbers[1], reserved);
        log.info("Restored the numbering state: {}", restored);
        return restored;
    }

    /** (1) Codes of the register outside every restored block: allocated to the municipality holding the person now. */
    private long allocateRegisteredCodes() {
        long[] count = {0};
        List<String> chunk = new ArrayList<>();
        String[] municipality = {null};
        streaming.query("""
                SELECT c.code, c.municipality FROM (
                    SELECT resident_code AS code, municipality FROM residents
                    UNION
                    SELECT x.retired_code, r.municipality
                    FROM retired_resident_codes x JOIN residents r ON r.resident_code = x.current_code) c
                WHERE NOT EXISTS (SELECT 1 FROM allocated_resident_codes a WHERE a.resident_code = c.code)
                ORDER BY c.municipality, c.code""", (RowCallbackHandler) row -> {
            String code = row.getString(1);
            String of = row.getString(2);
            if (!of.equals(municipality[0]) || chunk.size() == 100_000) {
                count[0] += allocateAsOneBlock(municipality[0], chunk);
                municipality[0] = of;
            }
            chunk.add(code);
        });
        count[0] += allocateAsOneBlock(municipality[0], chunk);
        return count[0];
    }

    private long allocateAsOneBlock(String municipality, List<String> codes) {
        if (codes.isEmpty()) {
            return 0;
        }
        UUID blockId = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("""
                INSERT INTO resident_code_blocks (block_id, request_id, municipality, size, allocated_at)
                VALUES (:blockId, :requestId, :municipality, :size, :at)""")
                .param("blockId", blockId).param("requestId", UUID.randomUUID()).param("municipality", municipality)
                .param("size", codes.size()).param("at", Timestamp.from(now)).update();
        jdbc.sql("""
                INSERT INTO allocated_resident_codes (resident_code, municipality, block_id, position, allocated_at)
                SELECT t.code, :municipality, :blockId, t.i - 1, :at
                FROM unnest(CAST(:codes AS char(11)[])) WITH ORDINALITY AS t(code, i)""")
                .param("blockId", blockId).param("municipality", municipality)
                .param("codes", codes.toArray(String[]::new)).param("at", Timestamp.from(now)).update();
        long size = codes.size();
        log.info("Recorded {} resident codes of municipality {} held in the register but in no relayed block as allocated",
                size, municipality);
        codes.clear();
        return size;
    }

    private record Issued(String number, String code, int counter, Timestamp issuedAt, boolean current) {
    }

    /** (2) Every My Number of the register, to the code that derives it; returns {restored, underived}. */
    private long[] restoreIssuedNumbers() {
        long[] counts = {0, 0};
        List<Issued> chunk = new ArrayList<>(CHUNK);
        List<Issued> underived = new ArrayList<>();
        streaming.query("""
                SELECT n, array_agg(DISTINCT code ORDER BY code) AS codes, min(at) AS first, bool_or(current) AS current
                FROM (SELECT identity->>'myNumber' AS n, resident_code AS code, recorded_at AS at, false AS current
                      FROM resident_history
                      UNION ALL
                      SELECT my_number, resident_code, updated_at, true FROM residents) t
                WHERE n IS NOT NULL
                GROUP BY n""", (RowCallbackHandler) row -> {
            String number = row.getString("n").trim();
            String[] codes = (String[]) row.getArray("codes").getArray();
            Timestamp first = row.getTimestamp("first");
            boolean current = row.getBoolean("current");
            Issued found = derived(number, codes, first, current);
            if (found == null) {
                underived.add(new Issued(number, codes[0].trim(), -1, first, current));
                return;
            }
            chunk.add(found);
            if (chunk.size() == CHUNK) {
                counts[0] += insertIssued(chunk);
                chunk.clear();
            }
        });
        counts[0] += insertIssued(chunk);
        for (Issued number : underived) {
            // not derived by this key from any code that held it (numbers loaded from elsewhere): recorded under
            // a counter after the code's others, so the number is never issued again and the code's next
            // derivation starts after it
            int counter = jdbc.sql("SELECT coalesce(max(derivation_counter), -1) + 1 FROM issued_my_numbers WHERE resident_code = :code")
                    .param("code", number.code()).query(Integer.class).single();
            counts[0] += insertIssued(List.of(new Issued(number.number(), number.code(), counter, number.issuedAt(),
                    number.current())));
            counts[1]++;
        }
        if (counts[1] > 0) {
            log.warn("{} My Numbers of the register are derived by no counter up to {} from their codes; recorded as issued",
                    counts[1], MAX_COUNTER);
        }
        return counts;
    }

    private Issued derived(String number, String[] codes, Timestamp first, boolean current) {
        for (String value : codes) {
            ResidentCode code = ResidentCode.of(value.trim());
            for (int counter = 0; counter <= MAX_COUNTER; counter++) {
                if (derivation.derive(code, counter).value().equals(number)) {
                    return new Issued(number, code.value(), counter, first, current);
                }
            }
        }
        return null;
    }

    /**
     * Inserts the numbers, current or retired as given; a current one whose code has a current number
     * already (two numbers held under one code: only after a change of resident code) is recorded retired.
     */
    private long insertIssued(List<Issued> numbers) {
        if (numbers.isEmpty()) {
            return 0;
        }
        Set<String> inserted = new java.util.HashSet<>();
        insert(numbers, false, inserted);
        List<Issued> left = numbers.stream().filter(n -> !inserted.contains(n.number())).toList();
        insert(left, true, inserted);
        return inserted.size();
    }

    private void insert(List<Issued> numbers, boolean allRetired, Set<String> inserted) {
        if (numbers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO issued_my_numbers (my_number, resident_code, derivation_counter, issued_at, retired_at)
                SELECT t.n, t.c, t.k, t.at, CASE WHEN t.current AND NOT :allRetired THEN NULL
                                                  ELSE greatest(statement_timestamp(), t.at) END
                FROM unnest(CAST(:numbers AS char(12)[]), CAST(:codes AS char(11)[]), CAST(:counters AS integer[]),
                            CAST(:at AS timestamptz[]), CAST(:current AS boolean[])) AS t(n, c, k, at, current)
                ON CONFLICT DO NOTHING
                RETURNING my_number""")
                .param("numbers", numbers.stream().map(Issued::number).toArray(String[]::new))
                .param("codes", numbers.stream().map(Issued::code).toArray(String[]::new))
                .param("counters", numbers.stream().mapToInt(Issued::counter).toArray())
                .param("at", numbers.stream().map(Issued::issuedAt).toArray(Timestamp[]::new))
                .param("current", numbers.stream().map(Issued::current).toArray(Boolean[]::new))
                .param("allRetired", allRetired)
                .query(row -> {
                    inserted.add(row.getString(1).trim());
                });
    }

    /** (3) The number J-LIS would issue now, for every allocated code that nobody holds and that has none. */
    private long reserveForUnheldCodes() {
        long[] count = {0};
        List<ResidentCode> chunk = new ArrayList<>(CHUNK);
        streaming.query("""
                SELECT a.resident_code FROM allocated_resident_codes a
                WHERE NOT EXISTS (SELECT 1 FROM residents r WHERE r.resident_code = a.resident_code)
                  AND NOT EXISTS (SELECT 1 FROM retired_resident_codes x WHERE x.retired_code = a.resident_code)
                  AND NOT EXISTS (SELECT 1 FROM issued_my_numbers i WHERE i.resident_code = a.resident_code)
                ORDER BY a.resident_code""", (RowCallbackHandler) row -> {
            chunk.add(ResidentCode.of(row.getString(1)));
            if (chunk.size() == CHUNK) {
                count[0] += issueFirstFree(chunk);
                chunk.clear();
            }
        });
        count[0] += issueFirstFree(chunk);
        return count[0];
    }

    /** As {@link IssueMyNumbers}: counter 0, and the next wherever the derived number was issued already. */
    private long issueFirstFree(List<ResidentCode> codes) {
        Map<ResidentCode, Integer> counters = new HashMap<>();
        List<ResidentCode> pending = List.copyOf(codes);
        long issuedNow = 0;
        while (!pending.isEmpty()) {
            List<Candidate> candidates = new ArrayList<>(pending.size());
            for (ResidentCode code : pending) {
                int counter = counters.getOrDefault(code, 0);
                if (counter > MAX_COUNTER) {
                    throw new IllegalStateException("no free My Number after " + counter + " derivations");
                }
                candidates.add(new Candidate(code, counter, derivation.derive(code, counter)));
            }
            Set<ResidentCode> accepted = issued.issueUnlessTaken(candidates);
            issuedNow += accepted.size();
            List<ResidentCode> collided = new ArrayList<>();
            for (Candidate candidate : candidates) {
                if (!accepted.contains(candidate.residentCode())) {
                    counters.merge(candidate.residentCode(), 1, Integer::sum);
                    collided.add(candidate.residentCode());
                }
            }
            pending = collided;
        }
        return issuedNow;
    }
}
