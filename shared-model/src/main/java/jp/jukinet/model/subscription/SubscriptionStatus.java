package jp.jukinet.model.subscription;

/**
 * Whether a subscription's feed is written. Only an ACTIVE subscription gets events; an AS_OF
 * subscription is created PAUSED (held until its agency has listed its targets and resumes it).
 */
public enum SubscriptionStatus {
    /** Events are written to its feed. */
    ACTIVE,
    /** Paused by the agency: changes meanwhile are not written to its feed (they are not caught up on resume). */
    PAUSED,
    /** Cancelled by the agency: final; its feed stays readable. */
    CANCELLED,
    /**
     * An AS_OF subscription whose one-off batch is written: final, set by the national server only
     * (never by a change); its feed stays readable and its targets can no longer change.
     */
    COMPLETED
}
