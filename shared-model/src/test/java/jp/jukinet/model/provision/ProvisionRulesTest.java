package jp.jukinet.model.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.identity.IdentityField;

class ProvisionRulesTest {

    static ProvisionRule rule(String id, String recipient, LocalDate to) {
        return new ProvisionRule(id, ProviderTier.NATIONAL, "30-9", "1", null, recipient, "事務",
                EnumSet.of(IdentityField.NAME), LocalDate.of(2026, 1, 1), to);
    }

    final ProvisionRules rules = new ProvisionRules("2026-11-01", List.of(
            rule("a", "agency-nenkin", null),
            rule("b", "agency-nta", null),
            rule("c", "agency-nenkin", LocalDate.of(2026, 6, 30))));

    @Test
    void findsRulesByIdAndRecipient() {
        assertThat(rules.byId("b")).map(ProvisionRule::recipient).contains("agency-nta");
        assertThat(rules.byId("z")).isEmpty();
        assertThat(rules.forRecipient("agency-nenkin")).extracting(ProvisionRule::id).containsExactly("a", "c");
        assertThat(rules.forRecipient("agency-unknown")).isEmpty();
        assertThat(rules.inForceFor("agency-nenkin", LocalDate.of(2026, 7, 1))).extracting(ProvisionRule::id)
                .containsExactly("a");
    }

    @Test
    void refusesDuplicateIdsAndMissingVersion() {
        assertThatThrownBy(() -> new ProvisionRules("v", List.of(rule("a", "x", null), rule("a", "y", null))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("rules[1].id");
                    assertThat(e.reason()).contains("duplicate rule id 'a'");
                });
        assertThatThrownBy(() -> new ProvisionRules(" ", List.of())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ProvisionRules("v", null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theRuleListIsImmutable() {
        assertThatThrownBy(() -> rules.rules().add(rule("d", "x", null))).isInstanceOf(UnsupportedOperationException.class);
    }
}
