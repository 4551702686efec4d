package jp.jukinet.provision.subscription.extract;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.IdentityInformation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-off extract before a mailing (文書発送前の一括提供): for each of a set of persons, their
 * identity information (本人確認情報) as it stood on a date.
 *
 * <p>As of a date means: of every change recorded for the person ({@code resident_history}, under
 * any resident code they have held), the one effective ({@code effective_date}) on or before the
 * date that a register would have made current — the newest residence first (the register's own
 * rule, see {@code ResidentRegister}: a late change of an older residence never replaces a newer
 * one), then the latest effective date, then the last recorded. A code retired by a change of
 * resident code (住民票コードの変更) is followed through {@code retired_resident_codes}: asked by
 * the old code, the answer after the change is the history under the new code, and asked by the
 * new code, the answer before it is the history under the old one. A person whose first change
 * takes effect after the date was not yet registered then ({@link Outcome#NOT_YET_REGISTERED}); a
 * code nobody has held is {@link Outcome#UNKNOWN}. A person removed (death, move abroad) by the date
 * is answered with the removed record.
 *
 * <p>The codes are read from an iterator in batches (up to millions; never all in memory), each
 * batch answered by one statement, and the answers handed to the consumer in the order asked,
 * one list per batch. The index {@code retired_resident_codes_by_current} (migration
 * {@code db/subscription} V70) finds a person's older codes.
 */
public class AsOfExtract {

    /** Default batch of codes per statement, and of answers handed to the consumer. */
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    private static final String BATCH = """
            WITH asked AS (
                SELECT a.n, coalesce(x.current_code, CAST(a.code AS char(11))) AS person
                FROM unnest(CAST(:codes AS text[])) WITH ORDINALITY AS a(code, n)
                LEFT JOIN retired_resident_codes x ON x.retired_code = CAST(a.code AS char(11)))
            SELECT asked.n, h.change_id, h.effective_date, h.identity::text AS identity,
                   h.change_id IS NULL AND EXISTS (
                       SELECT 1 FROM history_prefectures k
                       WHERE k.resident_code = ANY (ARRAY(SELECT asked.person
                                                          UNION ALL
                                                          SELECT r.retired_code FROM retired_resident_codes r
                                                          WHERE r.current_code = asked.person))) AS later
            FROM asked
            LEFT JOIN LATERAL (
                SELECT h.change_id, h.effective_date, h.identity FROM history_prefectures p
                CROSS JOIN LATERAL (""" + jp.jukinet.service.register.ResidentRegister.IN_ITS_PARTITION + """
                    ) h
                -- the person's codes as an array: history_prefectures is then read by its key; as an IN (subquery)
                -- correlated with the outer row the planner read it whole for each person (./bench: 248 codes/s)
                WHERE p.resident_code = ANY (ARRAY(SELECT asked.person
                                                   UNION ALL
                                                   SELECT r.retired_code FROM retired_resident_codes r
                                                   WHERE r.current_code = asked.person))
                  AND h.effective_date <= :date
                ORDER BY coalesce((h.identity->>'residence')::int, 0) DESC, h.effective_date DESC, h.recorded_at DESC,
                         h.source_sequence DESC NULLS LAST
                LIMIT 1) h ON true
            ORDER BY asked.n""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int batchSize;

    public AsOfExtract(JdbcClient jdbc, JsonMapper json, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.jdbc = jdbc;
        this.json = json;
        this.batchSize = batchSize;
    }

    public AsOfExtract(JdbcClient jdbc, JsonMapper json) {
        this(jdbc, json, DEFAULT_BATCH_SIZE);
    }

    /** What the register says of a code on the date. */
    public enum Outcome {
        /** The person's record as of the date is in {@link AsOf#identity()}. */
        FOUND,
        /** The person was registered only after the date (a later birth, first entry or 転入 from abroad). */
        NOT_YET_REGISTERED,
        /** No one holds or held the code. */
        UNKNOWN
    }

    /**
     * The answer for one code asked.
     *
     * @param asked         the code as asked (a retired one stays as asked; the identity carries the code held on the date)
     * @param outcome       whether a record was found
     * @param identity      the record as of the date, {@code null} unless {@link Outcome#FOUND}
     * @param changeId      the change that made it, {@code null} unless found
     * @param effectiveDate that change's effective date (異動年月日), {@code null} unless found
     */
    public record AsOf(ResidentCode asked, Outcome outcome, IdentityInformation identity, UUID changeId,
                       LocalDate effectiveDate) {

        /** Withholds the personal data, the code included. */
        @Override
        public String toString() {
            return "AsOf[outcome=" + outcome + ", effectiveDate=" + effectiveDate + "]";
        }
    }

    /**
     * Answers every code {@code codes} yields as of {@code date}, handing the answers to
     * {@code batches} in the order asked, in lists of at most the batch size (never empty).
     *
     * @return how many codes were answered
     */
    public long run(Iterator<ResidentCode> codes, LocalDate date, Consumer<List<AsOf>> batches) {
        long answered = 0;
        List<ResidentCode> batch = new ArrayList<>(batchSize);
        while (codes.hasNext()) {
            batch.add(codes.next());
            if (batch.size() == batchSize) {
                batches.accept(answer(batch, date));
                answered += batch.size();
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(answer(batch, date));
            answered += batch.size();
        }
        return answered;
    }

    /** The answers for one batch of codes, in the order asked. */
    public List<AsOf> answer(List<ResidentCode> codes, LocalDate date) {
        List<AsOf> answers = new ArrayList<>(codes.size());
        jdbc.sql(BATCH)
                .param("codes", codes.stream().map(ResidentCode::value).toArray(String[]::new))
                .param("date", Date.valueOf(date))
                .query((row, n) -> {
                    ResidentCode asked = codes.get(row.getInt("n") - 1);
                    String identity = row.getString("identity");
                    if (identity != null) {
                        return new AsOf(asked, Outcome.FOUND, json.readValue(identity, IdentityInformation.class),
                                row.getObject("change_id", UUID.class), row.getDate("effective_date").toLocalDate());
                    }
                    return new AsOf(asked, row.getBoolean("later") ? Outcome.NOT_YET_REGISTERED : Outcome.UNKNOWN,
                            null, null, null);
                })
                .list()
                .forEach(answers::add);
        return answers;
    }
}
