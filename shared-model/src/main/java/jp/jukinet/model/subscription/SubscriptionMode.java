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
    /** The monthly extract of targets reaching a milestone age (e.g. 20, 34, 44, 54). Not yet served. */
    MILESTONE_AGE,
    /** A one-off batch of the targets as of a date, before a mailing. Not yet served. */
    AS_OF;

    /** Whether the national server writes this mode's events today; the others are refused (501). */
    public boolean served() {
        return this == EVERY_CHANGE || this == BATCHED || this == SURVIVAL;
    }
}
