package jp.jukinet.cs.protection;

import java.sql.Array;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.move.DvProtection;

/** The DV support measures of this municipality's residents. Every method runs in the caller's transaction. */
@Repository
public class DvProtections {

    private final JdbcClient jdbc;

    DvProtections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The measures recorded for a resident, whether or not they still stand. */
    public Optional<DvProtection> find(ResidentCode resident) {
        return jdbc.sql("SELECT restricted_requesters, end_date FROM dv_protections WHERE resident_code = :code")
                .param("code", resident.value())
                .query((row, n) -> {
                    Array array = row.getArray("restricted_requesters");
                    List<ResidentCode> requesters = Arrays.stream((Object[]) array.getArray())
                            .map(code -> ResidentCode.of(((String) code).trim())).toList();
                    return new DvProtection(requesters, row.getDate("end_date").toLocalDate());
                })
                .optional();
    }

    /** The measures standing for a resident on {@code today}. */
    public Optional<DvProtection> standing(ResidentCode resident, LocalDate today) {
        return find(resident).filter(protection -> protection.inForce(today));
    }

    /**
     * Sets (or replaces) the measures of a resident.
     *
     * @param setBy who set them: the clerk system, or the CS they came from with a move (no personal data)
     */
    public void set(ResidentCode resident, DvProtection protection, String setBy, Instant at) {
        jdbc.sql("""
                        INSERT INTO dv_protections (resident_code, restricted_requesters, end_date, set_at, set_by)
                        VALUES (:code, :requesters, :end, :at, :by)
                        ON CONFLICT (resident_code) DO UPDATE SET restricted_requesters = EXCLUDED.restricted_requesters,
                            end_date = EXCLUDED.end_date, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by""")
                .param("code", resident.value())
                .param("requesters", protection.restrictedRequesters().stream().map(ResidentCode::value)
                        .toArray(String[]::new))
                .param("end", Date.valueOf(protection.endDate()))
                .param("at", Timestamp.from(at))
                .param("by", setBy)
                .update();
    }

    /** @return whether there were measures to lift */
    public boolean lift(ResidentCode resident) {
        return jdbc.sql("DELETE FROM dv_protections WHERE resident_code = :code")
                .param("code", resident.value()).update() > 0;
    }

    /** Keeps the measures with the person when their resident code changes (住民票コードの変更). */
    public void moveToNewCode(ResidentCode previous, ResidentCode current) {
        jdbc.sql("UPDATE dv_protections SET resident_code = :current WHERE resident_code = :previous")
                .param("current", current.value()).param("previous", previous.value()).update();
    }
}
