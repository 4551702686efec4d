package jp.jukinet.model.subscription;

/**
 * What a subscription's feed carries, one mode per subscription (the seed's survey of what
 * agencies ask for).
 */
public enum SubscriptionMode {
    /** Every change of a target, as it is recorded (随時). Events of kind {@link EventKind#CHANGE}. */
    EVERY_CHANGE,
    /**
     * Every change of a target, written as it happens and carried by the webhook at a set
     * {@link Frequency} (日次・週次・月次). Events of kind {@link EventKind#CHANGE}.
     */
    BATCHED,
    /** Survival status only (生存確認): a target's death. Events of kind {@link EventKind#SURVIVAL}. */
    SURVIVAL,
    /**
     * The monthly extract of the residents in the rule's scope reaching a milestone age (e.g. 20, 34,
     * 44, 54): a CRITERION target. Events of kind {@link EventKind#MILESTONE}, written by the national
     * server's extract job for each month.
     */
    MILESTONE_AGE,
    /**
     * A one-off batch of listed targets as they stood on a date, before a mailing. Events of kind
     * {@link EventKind#AS_OF}, written once when the date has come; the subscription then ends
     * {@link SubscriptionStatus#COMPLETED}.
     */
    AS_OF;

    /** Whether a national change is written to a feed of this mode as it happens (the other modes are extracts). */
    public boolean followsChanges() {
        return this == EVERY_CHANGE || this == BATCHED || this == SURVIVAL;
    }
}
