package jp.jukinet.downstream.holding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.downstream.DownstreamSystem;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.provision.LookupResult;
import jp.jukinet.model.provision.ProvidedPerson;
import jp.jukinet.model.subscription.SubscriptionEvent;

/**
 * The persons a holder holds a card or certificates for, in its own table {@code holdings}. JDBC:
 * rows are written from J-LIS's answers and events, never edited by a person, so there is no
 * aggregate to map.
 */
public class Holdings {

    private final JdbcClient jdbc;
    private final DownstreamSystem system;

    public Holdings(JdbcClient jdbc, DownstreamSystem system) {
        this.jdbc = jdbc;
        this.system = system;
    }

    /**
     * Starts holding the person J-LIS described in {@code information} (a lookup under the system's
     * rule). A person held already is left as is: the feed keeps them in step.
     *
     * @return whether the person was new here
     */
    public boolean enrol(LookupResult information, Instant now) {
        ProvidedPerson person = information.person();
        boolean ended = information.status() == ResidentStatus.REMOVED && information.change() != null
                && DownstreamSystem.ends(information.change().reason());
        return jdbc.sql("""
                        INSERT INTO holdings (resident_code, family_name, given_name, date_of_birth, sex, address, status,
                                              credential, credential_reason, last_reason, last_change_date, enrolled_at, updated_at)
                        VALUES (:code, :family, :given, :dob, :sex, :address, :status, :credential, :credentialReason,
                                :reason, :changeDate, :now, :now)
                        ON CONFLICT (resident_code) DO NOTHING""")
                .param("code", information.residentCode().value())
                .param("family", person == null || person.name() == null ? null : person.name().family())
                .param("given", person == null || person.name() == null ? null : person.name().given())
                .param("dob", person == null ? null : person.dateOfBirth())
                .param("sex", person == null || person.sex() == null ? null : person.sex().name())
                .param("address", person == null || person.address() == null ? null : person.address().text())
                .param("status", (information.status() == null ? ResidentStatus.ACTIVE : information.status()).name())
                .param("credential", ended ? system.ended() : system.inForce())
                .param("credentialReason", ended ? information.change().reason().name() : null)
                .param("reason", information.change() == null ? null : information.change().reason().name())
                .param("changeDate", information.change() == null ? null : information.change().effectiveDate())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    /**
     * Applies one change of a person held here: their information as J-LIS holds it after the change;
     * a death, 国外転出 or 職権消除 ends the card or certificates for good. An event of a person not
     * held here (enrolled after it was written, or removed) changes nothing.
     */
    void apply(SubscriptionEvent event, Instant now) {
        LookupResult information = event.information();
        if (information.residentCode() == null) {
            return;
        }
        ProvidedPerson person = information.person();
        boolean ends = information.status() == ResidentStatus.REMOVED && DownstreamSystem.ends(event.reason());
        jdbc.sql("""
                        UPDATE holdings SET
                            family_name = coalesce(:family, family_name),
                            given_name = coalesce(:given, given_name),
                            date_of_birth = coalesce(:dob, date_of_birth),
                            sex = coalesce(:sex, sex),
                            address = coalesce(:address, address),
                            status = coalesce(:status, status),
                            credential_reason = CASE WHEN :ends AND credential <> :ended THEN :reason ELSE credential_reason END,
                            credential = CASE WHEN :ends THEN :ended ELSE credential END,
                            last_reason = :reason,
                            last_change_date = :changeDate,
                            last_sequence = :sequence,
                            updated_at = :now
                        WHERE resident_code = :code""")
                .param("family", person == null || person.name() == null ? null : person.name().family())
                .param("given", person == null || person.name() == null ? null : person.name().given())
                .param("dob", person == null ? null : person.dateOfBirth())
                .param("sex", person == null || person.sex() == null ? null : person.sex().name())
                .param("address", person == null || person.address() == null ? null : person.address().text())
                .param("status", information.status() == null ? null : information.status().name())
                .param("ends", ends)
                .param("ended", system.ended())
                .param("reason", event.reason() == null ? null : event.reason().name())
                .param("changeDate", event.changeDate())
                .param("sequence", event.sequence())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("code", information.residentCode().value())
                .update();
    }

    public Optional<Holding> find(ResidentCode code) {
        return jdbc.sql("SELECT * FROM holdings WHERE resident_code = ?").param(code.value()).query(Holdings::holding)
                .optional();
    }

    /** How many persons are held, and how many of their cards or certificates have ended. */
    public Counts counts() {
        return jdbc.sql("SELECT count(*) AS held, count(*) FILTER (WHERE credential = :ended) AS ended FROM holdings")
                .param("ended", system.ended())
                .query((rs, n) -> new Counts(rs.getLong("held"), rs.getLong("ended"))).single();
    }

    public record Counts(long held, long ended) {
    }

    private static Holding holding(ResultSet rs, int row) throws SQLException {
        return new Holding(ResidentCode.of(rs.getString("resident_code")), rs.getString("family_name"),
                rs.getString("given_name"), rs.getObject("date_of_birth", LocalDate.class), rs.getString("sex"),
                rs.getString("address"), ResidentStatus.valueOf(rs.getString("status")), rs.getString("credential"),
                reason(rs.getString("credential_reason")), reason(rs.getString("last_reason")),
                rs.getObject("last_change_date", LocalDate.class), rs.getLong("last_sequence"));
    }

    private static ChangeReason reason(String name) {
        return name == null ? null : ChangeReason.valueOf(name);
    }
}
