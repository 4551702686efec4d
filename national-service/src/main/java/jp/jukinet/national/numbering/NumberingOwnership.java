package jp.jukinet.national.numbering;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.numbering.MyNumberRequest;
import jp.jukinet.service.web.Refusal;

/**
 * Who may ask J-LIS for what in numbering (PRODUCT.md F10), decided from J-LIS's own records, not
 * from what the request says about itself:
 * <ul>
 * <li>a request reaches J-LIS from the prefecture server of its municipality ({@code pref-NN}
 *     for a municipality of prefecture NN), and from nobody else;</li>
 * <li>the My Number of a code goes to the municipality that holds the person in the national
 *     register ({@code residents}: the current record's municipality), or, when nobody holds the
 *     code, to the municipality the code was allocated to (a birth or first registration whose
 *     notice has not reached J-LIS yet); a code replaced by a change of resident code to nobody;</li>
 * <li>a reissue (個人番号の変更) only at the person's current municipality, for a record in force.</li>
 * </ul>
 * A refusal is 403 naming the field, is counted ({@value #REFUSED}, tagged by route and reason),
 * and logged with the route and the position of the code, never the code. Every refused code gets
 * the same answer, so a refusal does not tell whether a code exists or where.
 */
@Component
class NumberingOwnership {

    static final String REFUSED = "jukinet.numbering.refused";

    private static final Logger log = LoggerFactory.getLogger(NumberingOwnership.class);
    private static final String NOT_YOURS = "this municipality may not ask for the My Number of this resident code";

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    NumberingOwnership(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /**
     * @throws Refusal (forbidden, field {@code municipality}) unless {@code caller} is the
     *                 prefecture server of {@code municipality}
     */
    void requirePrefectureOf(String caller, LocalGovernmentCode municipality, String route) {
        if (!caller.equals("pref-" + municipality.prefecture().value())) {
            refuse(route, "caller", "Refused {} from {}: the municipality is not of the caller's prefecture", route, caller);
            throw new Refusal(Refusal.Kind.FORBIDDEN, "municipality",
                    caller + " may ask only for municipalities of its own prefecture");
        }
    }

    /**
     * @throws Refusal (forbidden, field {@code residentCodes[i]}) at the first code the requesting
     *                 municipality may not have numbered as asked
     */
    void requireOwned(MyNumberRequest request) {
        List<ResidentCode> codes = request.residentCodes();
        String[] values = codes.stream().map(ResidentCode::value).toArray(String[]::new);
        long[] serials = codes.stream().mapToLong(ResidentCode::serial).toArray();
        List<Standing> standings = jdbc.sql("""
                SELECT r.municipality AS holder, r.status AS status,
                       EXISTS (SELECT 1 FROM retired_resident_codes x WHERE x.retired_code = t.code) AS retired,
                       coalesce(a.municipality,
                                (SELECT b.municipality FROM resident_code_blocks b
                                 WHERE b.first_serial IS NOT NULL
                                   AND int8range(b.first_serial, b.last_serial, '[]') @> t.serial)) AS allocated_to
                FROM unnest(CAST(:codes AS char(11)[]), CAST(:serials AS bigint[])) WITH ORDINALITY AS t(code, serial, i)
                LEFT JOIN residents r ON r.resident_code = t.code
                LEFT JOIN allocated_resident_codes a ON a.resident_code = t.code
                ORDER BY t.i""")
                .param("codes", values).param("serials", serials)
                .query((row, n) -> new Standing(row.getString("holder"), row.getString("status"),
                        row.getBoolean("retired"), row.getString("allocated_to")))
                .list();
        String municipality = request.municipality().value();
        for (int i = 0; i < standings.size(); i++) {
            String reason = standings.get(i).refusal(municipality, request.reissue());
            if (reason != null) {
                refuse("my-numbers", reason, "Refused My Number request {} of municipality {}: residentCodes[{}] {}",
                        request.requestId(), municipality, i, reason);
                throw new Refusal(Refusal.Kind.FORBIDDEN, "residentCodes[" + i + "]", NOT_YOURS);
            }
        }
    }

    /** @throws Refusal (forbidden, field {@code requestId}) for a retry from another municipality */
    void requireSameRequester(MyNumberRequest request, String answeredTo) {
        if (!request.municipality().value().equals(answeredTo)) {
            refuse("my-numbers", "request-id-of-another-municipality",
                    "Refused My Number request {} of municipality {}: the request id was answered to another municipality",
                    request.requestId(), request.municipality());
            throw new Refusal(Refusal.Kind.FORBIDDEN, "requestId", "this request id belongs to another municipality");
        }
    }

    private void refuse(String route, String reason, String message, Object... arguments) {
        Counter.builder(REFUSED).description("Numbering requests refused: the caller does not own what it asked for")
                .tag("route", route).tag("reason", reason).register(meters).increment();
        log.warn(message, arguments);
    }

    /** What J-LIS's records say about one requested code. */
    private record Standing(String holder, String status, boolean retired, String allocatedTo) {

        /** Why {@code municipality} may not have this code numbered, or {@code null} when it may. */
        String refusal(String municipality, boolean reissue) {
            if (holder != null) {
                if (!holder.equals(municipality)) {
                    return "held-elsewhere";
                }
                return reissue && !"ACTIVE".equals(status) ? "not-in-force" : null;
            }
            if (reissue) {
                return "not-held";
            }
            if (retired) {
                return "retired-code";
            }
            if (allocatedTo == null) {
                return "never-allocated";
            }
            return allocatedTo.equals(municipality) ? null : "allocated-elsewhere";
        }
    }
}
