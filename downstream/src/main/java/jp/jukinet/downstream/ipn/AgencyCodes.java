package jp.jukinet.downstream.ipn;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.downstream.DownstreamSettings;
import jp.jukinet.downstream.JlisClient;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.LookupRequest;
import jp.jukinet.model.provision.LookupResult;

/**
 * The information-provision network's use of J-LIS (情報提供NWSへの住民票コードの提供): for a My Number,
 * it asks J-LIS under its own rule for the resident code behind it, derives the 機関別符号 and keeps
 * the pair (resident code, 機関別符号) in {@code agency_codes}. The My Number is sent to J-LIS and
 * forgotten: it is neither stored nor logged.
 */
public class AgencyCodes {

    private final JdbcClient jdbc;
    private final JlisClient jlis;
    private final AgencyCodeDerivation derivation;
    private final DownstreamSettings settings;
    private final Clock clock;

    public AgencyCodes(JdbcClient jdbc, JlisClient jlis, AgencyCodeDerivation derivation, DownstreamSettings settings,
                       Clock clock) {
        this.jdbc = jdbc;
        this.jlis = jlis;
        this.derivation = derivation;
        this.settings = settings;
        this.clock = clock;
    }

    /** A derived code and when it was first derived. */
    public record AgencyCode(ResidentCode residentCode, String agencyCode, Instant derivedAt) {

        @Override
        public String toString() {
            return "AgencyCode[(withheld)]";
        }
    }

    /**
     * The 機関別符号 of the person with {@code myNumber}, asking J-LIS every time (a My Number can be
     * changed, 個人番号の変更; the resident code behind it is J-LIS's to say). Recorded at J-LIS as a provision.
     *
     * @throws JlisClient.JlisException when J-LIS refuses or knows no such number
     */
    public AgencyCode forMyNumber(MyNumber myNumber) {
        LookupResult answer = jlis.lookup(LookupRequest.byMyNumber(settings.basis(), myNumber));
        ResidentCode code = answer.residentCode();
        if (code == null) {
            throw new IllegalStateException("J-LIS gave no resident code under " + settings.basis());
        }
        String derived = derivation.derive(code);
        jdbc.sql("""
                        INSERT INTO agency_codes (resident_code, agency_code, derived_at) VALUES (?, ?, ?)
                        ON CONFLICT (resident_code) DO NOTHING""")
                .params(code.value(), derived, clock.instant().atOffset(ZoneOffset.UTC)).update();
        return find(code).orElseThrow();
    }

    public Optional<AgencyCode> find(ResidentCode code) {
        return jdbc.sql("SELECT resident_code, agency_code, derived_at FROM agency_codes WHERE resident_code = ?")
                .param(code.value())
                .query((rs, n) -> new AgencyCode(ResidentCode.of(rs.getString(1)), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant()))
                .optional();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM agency_codes").query(Long.class).single();
    }
}
