package jp.jukinet.prefecture.use;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.identity.IdentityField;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ResidentStatistics;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.provision.ProvideIdentityInformation;

/**
 * The prefecture's statistics (第30条の15第1項第4号): counts of its active residents by
 * municipality, five-year age band and sex, as far as the rule's fields allow, with small cells
 * left out ({@link ResidentStatistics}). It reads no person out of the register: the database
 * groups and counts, and only the counts leave it. The use is decided and recorded as any other
 * ({@link ProvideIdentityInformation#authorizeAggregate}), about no one.
 */
@Component
public class PrefectureStatistics {

    private final JdbcClient jdbc;
    private final PrefectureSettings prefecture;
    private final ProvideIdentityInformation provision;
    private final StatisticsSettings settings;

    PrefectureStatistics(JdbcTemplate jdbc, PrefectureSettings prefecture, ProvideIdentityInformation provision,
                         StatisticsSettings settings) {
        this.jdbc = JdbcClient.create(jdbc);
        this.prefecture = prefecture;
        this.provision = provision;
        this.settings = settings;
    }

    /**
     * The statistics under {@code basis}, for {@code caller}.
     *
     * @throws jp.jukinet.service.web.Refusal FORBIDDEN (recorded) when the rule does not allow it
     */
    public ResidentStatistics count(String caller, String basis) {
        ProvisionRule rule = provision.authorizeAggregate(caller, basis);
        LocalDate asOf = provision.today();
        boolean byMunicipality = rule.allows(IdentityField.ADDRESS);
        boolean byAge = rule.allows(IdentityField.DATE_OF_BIRTH);
        boolean bySex = rule.allows(IdentityField.SEX);
        List<ResidentStatistics.Cell> cells = new ArrayList<>();
        int[] suppressed = {0};
        jdbc.sql("""
                        SELECT CASE WHEN :byMunicipality THEN municipality END AS municipality,
                               CASE WHEN :byAge THEN least(floor(extract(year FROM age(:asOf, date_of_birth)) / 5)::int * 5, 100) END AS band,
                               CASE WHEN :bySex THEN sex END AS sex,
                               count(*) AS residents
                        FROM residents
                        WHERE prefecture = :pref AND status = 'ACTIVE' AND date_of_birth <= :asOf
                        GROUP BY 1, 2, 3
                        ORDER BY 1, 2, 3""")
                .param("byMunicipality", byMunicipality).param("byAge", byAge).param("bySex", bySex)
                .param("asOf", Date.valueOf(asOf)).param("pref", prefecture.prefecture().value())
                .query((row, n) -> {
                    long count = row.getLong("residents");
                    if (count < settings.minimumCount()) {
                        suppressed[0]++;
                    } else {
                        Integer band = (Integer) row.getObject("band");
                        String sex = row.getString("sex");
                        cells.add(new ResidentStatistics.Cell(row.getString("municipality"),
                                band == null ? null : band == 100 ? "100+" : band + "-" + (band + 4),
                                sex == null ? null : Sex.valueOf(sex), count));
                    }
                    return null;
                })
                .list();
        // recorded before it is answered, as every use
        provision.recordAggregate(caller, rule);
        return new ResidentStatistics(rule.id(), asOf, settings.minimumCount(), cells, suppressed[0]);
    }
}
