package jp.jukinet.model.subscription;

/** Why an event is in a subscription's feed. */
public enum EventKind {
    /** A change of a target's identity information (every-change and batched modes). */
    CHANGE,
    /** A target's survival status changed: a death (survival-only mode). */
    SURVIVAL,
    /** A target reached the subscription's milestone age in the month of the extract. */
    MILESTONE,
    /** A target's information as of the subscription's date, before a mailing (one-off batch). */
    AS_OF
}
