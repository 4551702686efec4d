package jp.jukinet.model.provision;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * One version of the provision rules, e.g. the rules in force from a revision of the law.
 * Lookups scan the list: a rule set holds hundreds of rules, not millions, and is consulted
 * once per request or batch.
 *
 * @param version the version label of the rules file, e.g. {@code 2026-11-01}; required, not blank
 * @param rules   the rules, ids unique; the list is immutable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvisionRules(String version, List<ProvisionRule> rules) {

    /** @throws InvalidValueException when the version is missing or blank, or ids repeat */
    public ProvisionRules {
        if (version == null || version.isBlank()) {
            throw new InvalidValueException("version", "version is required");
        }
        if (rules == null) {
            throw new InvalidValueException("rules", "rules is required");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ProvisionRule rule = rules.get(i);
            if (rule == null) {
                throw new InvalidValueException("rules[" + i + "]", "must not be null");
            }
            if (!ids.add(rule.id())) {
                throw new InvalidValueException("rules[" + i + "].id", "duplicate rule id '" + rule.id() + "'");
            }
        }
        rules = List.copyOf(rules);
    }

    /** The rule with this id, if any. */
    public Optional<ProvisionRule> byId(String id) {
        return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    /** Every rule naming this recipient, in file order, whether in force or not. */
    public List<ProvisionRule> forRecipient(String recipient) {
        return rules.stream().filter(rule -> rule.recipient().equals(recipient)).toList();
    }

    /** The rules naming this recipient that are in force on {@code date}, in file order. */
    public List<ProvisionRule> inForceFor(String recipient, LocalDate date) {
        return rules.stream().filter(rule -> rule.recipient().equals(recipient) && rule.inForceOn(date)).toList();
    }
}
