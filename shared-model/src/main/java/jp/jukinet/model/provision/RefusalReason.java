package jp.jukinet.model.provision;

/** Why a lookup was refused. The reasons are checked in this order. */
public enum RefusalReason {
    /** No rule of that id exists at this provider. */
    UNKNOWN_BASIS,
    /** The rule exists but is served by another provider tier (e.g. a prefecture's rule at J-LIS). */
    OTHER_PROVIDER,
    /** The rule names another recipient (OWASP API1). */
    NOT_RECIPIENT,
    /** The rule is not in force today: not yet, or no longer. */
    NOT_IN_FORCE,
    /** A lookup by My Number under a rule whose task may not use the My Number. */
    MY_NUMBER_KEY_NOT_ALLOWED,
    /**
     * The person is outside the rule's scope (Art. 30-10 to 30-12: notified by a prefecture the rule
     * does not reach), as the provider's own record of the person shows; decided after the basis,
     * before anything of the person is answered.
     */
    OUT_OF_SCOPE,
    /**
     * A lookup of a person under a statistics rule (Art. 30-15(1) item 4): statistics yield
     * aggregates only, never a person.
     */
    STATISTICS_ONLY,
    /** A request for statistics under a rule that is not a statistics rule (Art. 30-15(1) item 4). */
    NOT_STATISTICS,
    /**
     * A use under a rule of the person's consent (Art. 30-15(1) item 3) about a person who has not
     * consented to it, or has revoked their consent.
     */
    NO_CONSENT,
    /** A subscription (F6) under a rule that allows none ({@link ProvisionRule#subscriptions()} absent). */
    SUBSCRIPTION_NOT_ALLOWED,
    /** A subscription in a mode, or a milestone age, the rule's subscription allowance does not name. */
    MODE_NOT_ALLOWED,
    /** A subscription following a kind of target (listed persons, a criterion) the rule does not allow. */
    TARGET_NOT_ALLOWED
}
