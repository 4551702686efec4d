package jp.jukinet.model.subscription;

/** Whether a subscription's feed is written. Only an ACTIVE subscription gets events. */
public enum SubscriptionStatus {
    /** Events are written to its feed. */
    ACTIVE,
    /** Paused by the agency: changes meanwhile are not written to its feed (they are not caught up on resume). */
    PAUSED,
    /** Cancelled by the agency: final; its feed stays readable. */
    CANCELLED
}
