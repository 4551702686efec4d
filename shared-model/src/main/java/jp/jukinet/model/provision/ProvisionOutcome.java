package jp.jukinet.model.provision;

/** How a lookup ended. Every outcome but {@link #INVALID} and {@link #FAILED} is a provision record. */
public enum ProvisionOutcome {
    /** The person was found and the rule's fields were provided. */
    PROVIDED,
    /** No one matched; nothing was provided. */
    NOT_FOUND,
    /** Several people matched the 4 info; nothing was provided and no one was guessed. */
    AMBIGUOUS,
    /** The rule does not allow this caller, now, or with this key; nothing was provided. */
    REFUSED,
    /** The query itself was malformed (a batch line); not a provision, so not recorded. */
    INVALID,
    /** The provider could not answer (e.g. its records could not be written); nothing was provided. */
    FAILED
}
