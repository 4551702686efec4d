package jp.jukinet.prefecture.use;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.provision.PrefectureUse;
import jp.jukinet.model.provision.ProviderTier;
import jp.jukinet.model.provision.ProvisionRule;
import jp.jukinet.model.provision.ProvisionRules;
import jp.jukinet.model.provision.UseConsent;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.provision.ProvisionSettings;
import jp.jukinet.provision.UseConsents;
import jp.jukinet.service.web.Refusal;

/**
 * The consents residents gave to the prefecture's uses of item 3 of 第30条の15第1項 (本人の同意),
 * kept in {@code use_consents}: each give and each revocation is a row, the newest decides.
 *
 * <p>Only the person gives or revokes their consent, and only where they are a resident: the
 * prefecture checks from its own register (F10) that it holds the person as an active resident of
 * one of its municipalities; the caller must be the person (the controller checks the
 * certificate). A consent names one rule of consent of this prefecture.
 */
@Component
public class UseConsentRegister implements UseConsents {

    private final JdbcClient jdbc;
    private final PrefectureSettings settings;
    private final ProvisionRules rules;
    private final Clock clock;
    private final ZoneId zone;

    // the rules rather than ProvideIdentityInformation, which asks this class about consents
    UseConsentRegister(JdbcTemplate jdbc, PrefectureSettings settings, ProvisionRules rules, Clock clock,
                       ProvisionSettings provisionSettings) {
        this.jdbc = JdbcClient.create(jdbc);
        this.settings = settings;
        this.rules = rules;
        this.clock = clock;
        this.zone = provisionSettings.zone();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private java.util.stream.Stream<ProvisionRule> rulesOfConsent() {
        return rules.rules().stream()
                .filter(rule -> rule.provider() == ProviderTier.PREFECTURE && rule.use() == PrefectureUse.CONSENTED_TASK);
    }

    @Override
    public Set<ResidentCode> consenting(String basis, Collection<ResidentCode> people) {
        if (people.isEmpty()) {
            return Set.of();
        }
        Set<ResidentCode> consenting = new HashSet<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (resident_code) resident_code, action FROM use_consents
                        WHERE basis = :basis AND resident_code = ANY(CAST(:people AS text[]))
                        ORDER BY resident_code, seq DESC""")
                .param("basis", basis)
                .param("people", people.stream().map(ResidentCode::value).distinct().toArray(String[]::new))
                .query((row, n) -> {
                    if (row.getString("action").equals("GIVEN")) {
                        consenting.add(ResidentCode.of(row.getString("resident_code").trim()));
                    }
                    return null;
                })
                .list();
        return consenting;
    }

    /** The person's consent to every rule of consent of this prefecture, in rules-file order. */
    @Transactional(readOnly = true)
    public List<UseConsent> of(ResidentCode person) {
        requireResident(person);
        Map<String, Object[]> newest = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (basis) basis, action, at FROM use_consents
                        WHERE resident_code = :person ORDER BY basis, seq DESC""")
                .param("person", person.value())
                .query((row, n) -> newest.put(row.getString("basis"),
                        new Object[] {row.getString("action"), row.getTimestamp("at").toInstant()}))
                .list();
        return rulesOfConsent()
                .map(rule -> {
                    Object[] state = newest.get(rule.id());
                    return new UseConsent(rule.id(), rule.task(), state != null && state[0].equals("GIVEN"),
                            state == null ? null : (Instant) state[1]);
                })
                .toList();
    }

    /**
     * Records the person's consent to {@code basis} (again, if they gave it before).
     *
     * @throws Refusal NOT_FOUND (field basis) when it is not a rule of consent here, CONFLICT (field
     *                 basis) when the rule is not in force, FORBIDDEN (field residentCode) when the
     *                 person is not an active resident of this prefecture in its register
     */
    @Transactional
    public UseConsent give(ResidentCode person, String basis) {
        ProvisionRule rule = ruleOfConsent(basis);
        if (!rule.inForceOn(today())) {
            throw Refusal.conflict("basis", "rule '" + basis + "' is not in force on " + today()
                    + ", so there is nothing to consent to");
        }
        requireResident(person);
        Instant now = clock.instant();
        append(person, basis, "GIVEN", now);
        return new UseConsent(basis, rule.task(), true, now);
    }

    /**
     * Revokes the person's consent to {@code basis}. Revoking a consent that is not given changes
     * nothing and answers the same.
     *
     * @throws Refusal as {@link #give}, except that a rule no longer in force can still be revoked
     */
    @Transactional
    public UseConsent revoke(ResidentCode person, String basis) {
        ProvisionRule rule = ruleOfConsent(basis);
        requireResident(person);
        // one revocation after each consent: lock the person's rows of this rule for the decision
        List<Object[]> newest = jdbc.sql("""
                        SELECT action, at FROM use_consents WHERE resident_code = :person AND basis = :basis
                        ORDER BY seq DESC LIMIT 1 FOR UPDATE""")
                .param("person", person.value()).param("basis", basis)
                .query((row, n) -> new Object[] {row.getString("action"), row.getTimestamp("at").toInstant()})
                .list();
        if (newest.isEmpty() || newest.get(0)[0].equals("REVOKED")) {
            return new UseConsent(basis, rule.task(), false, newest.isEmpty() ? null : (Instant) newest.get(0)[1]);
        }
        Instant now = clock.instant();
        append(person, basis, "REVOKED", now);
        return new UseConsent(basis, rule.task(), false, now);
    }

    private void append(ResidentCode person, String basis, String action, Instant at) {
        jdbc.sql("INSERT INTO use_consents (resident_code, basis, action, at) VALUES (:person, :basis, :action, :at)")
                .param("person", person.value()).param("basis", basis).param("action", action)
                .param("at", Timestamp.from(at))
                .update();
    }

    private ProvisionRule ruleOfConsent(String basis) {
        return rulesOfConsent().filter(rule -> rule.id().equals(basis)).findFirst()
                .orElseThrow(() -> Refusal.notFound("basis", "there is no rule '" + basis
                        + "' of a use by the person's consent (第30条の15第1項第3号) at prefecture "
                        + settings.prefecture().value()));
    }

    /** F10: the prefecture's own register says whether the person is its resident. */
    private void requireResident(ResidentCode person) {
        boolean resident = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM residents
                                       WHERE resident_code = :person AND prefecture = :pref AND status = 'ACTIVE')""")
                .param("person", person.value()).param("pref", settings.prefecture().value())
                .query(Boolean.class).single();
        if (!resident) {
            throw Refusal.forbidden("residentCode", "the person is not a resident of prefecture "
                    + settings.prefecture().value() + " in its register, so it keeps no consent of theirs");
        }
    }
}
