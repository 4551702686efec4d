package jp.jukinet.model.subscription;

/** Whom a subscription follows. */
public enum TargetKind {
    /** The persons the agency lists (by resident code, or by My Number where the rule allows it), changed by adding and removing. */
    LISTED,
    /** Every resident in the rule's scope (通知都道府県, Art. 30-10 to 30-12), or everyone for a rule without one. */
    CRITERION
}
