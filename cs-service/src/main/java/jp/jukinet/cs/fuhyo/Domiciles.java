package jp.jukinet.cs.fuhyo;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;

/**
 * The 本籍 of this municipality's residents ({@code permanent_domiciles}). A person without a row has
 * no 本籍 the CS knows of (a foreign resident, or 本籍不明): that absence is how the CS tells that no
 * 附票 notice is due. Read and written inside the caller's transaction.
 */
@Component
public class Domiciles {

    private final JdbcClient jdbc;

    Domiciles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's 本籍, when one is recorded. */
    public Optional<PermanentDomicile> of(ResidentCode person) {
        return jdbc.sql("SELECT municipality, domicile, head FROM permanent_domiciles WHERE resident_code = :code")
                .param("code", person.value())
                .query((row, n) -> new PermanentDomicile(LocalGovernmentCode.of(row.getString(1)), row.getString(2),
                        row.getString(3)))
                .optional();
    }

    /** Records the person's 本籍, replacing any earlier one. */
    void enter(ResidentCode person, PermanentDomicile domicile, Instant now) {
        jdbc.sql("""
                        INSERT INTO permanent_domiciles (resident_code, municipality, domicile, head, updated_at)
                        VALUES (:code, :municipality, :domicile, :head, :at)
                        ON CONFLICT (resident_code) DO UPDATE SET municipality = excluded.municipality,
                            domicile = excluded.domicile, head = excluded.head, updated_at = excluded.updated_at""")
                .param("code", person.value())
                .param("municipality", domicile.municipality().value())
                .param("domicile", domicile.text())
                .param("head", domicile.head())
                .param("at", Timestamp.from(now))
                .update();
    }

    /** Forgets a 本籍 left from an earlier residence here (a person moving in again brings theirs anew). */
    void forget(ResidentCode person) {
        jdbc.sql("DELETE FROM permanent_domiciles WHERE resident_code = :code").param("code", person.value()).update();
    }

    /** Follows a change of resident code (住民票コードの変更). */
    void renumber(ResidentCode previous, ResidentCode current) {
        jdbc.sql("UPDATE permanent_domiciles SET resident_code = :current WHERE resident_code = :previous")
                .param("current", current.value()).param("previous", previous.value()).update();
    }
}
