package jp.jukinet.model.provision;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.subscription.SubscriptionMode;
import jp.jukinet.model.subscription.TargetKind;

/**
 * What subscriptions (プッシュ型通知, F6) a provision rule allows besides lookups: a rule without one
 * allows none. The rule's fields bound what every event carries, and its scope whom a subscription
 * may follow.
 *
 * <p>In a rules file: {@code "subscriptions": {"modes": ["EVERY_CHANGE", "SURVIVAL"], "targets":
 * ["LISTED"], "milestoneAges": [20]}}.
 *
 * @param modes         at least one mode
 * @param targets       at least one target kind
 * @param milestoneAges the ages a {@link SubscriptionMode#MILESTONE_AGE} subscription may name
 *                      (0 to 150, none twice); required non-empty with that mode, empty otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubscriptionAllowance(Set<SubscriptionMode> modes, Set<TargetKind> targets, List<Integer> milestoneAges) {

    /** The JSON name of the allowance in a rule, and the prefix of its members' names in refusals. */
    public static final String FIELD = "subscriptions";

    /** @throws InvalidValueException naming {@code subscriptions.<member>} when the contract above is broken */
    public SubscriptionAllowance {
        if (modes == null || modes.isEmpty() || modes.contains(null)) {
            throw new InvalidValueException(FIELD + ".modes", "subscriptions.modes must name at least one mode");
        }
        if (targets == null || targets.isEmpty() || targets.contains(null)) {
            throw new InvalidValueException(FIELD + ".targets", "subscriptions.targets must name at least one target kind");
        }
        modes = Collections.unmodifiableSet(EnumSet.copyOf(modes));
        targets = Collections.unmodifiableSet(EnumSet.copyOf(targets));
        milestoneAges = milestoneAges == null ? List.of() : List.copyOf(milestoneAges);
        if (milestoneAges.stream().anyMatch(age -> age < 0 || age > 150)
                || milestoneAges.stream().distinct().count() != milestoneAges.size()) {
            throw new InvalidValueException(FIELD + ".milestoneAges", "milestone ages are 0 to 150, each once");
        }
        if (modes.contains(SubscriptionMode.MILESTONE_AGE) == milestoneAges.isEmpty()) {
            throw new InvalidValueException(FIELD + ".milestoneAges",
                    "milestoneAges are named by, and only by, a rule that allows MILESTONE_AGE");
        }
    }

    /** Whether a subscription in {@code mode} may be made. */
    public boolean allows(SubscriptionMode mode) {
        return modes.contains(mode);
    }

    /** Whether a subscription may follow {@code target}. */
    public boolean allows(TargetKind target) {
        return targets.contains(target);
    }
}
