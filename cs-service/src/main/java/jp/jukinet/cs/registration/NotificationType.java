package jp.jukinet.cs.registration;

import jp.jukinet.model.identity.ChangeReason;

/**
 * The kinds of 届出 (and ex officio acts) a clerk registers at the CS. MOVE_OUT and MOVE_IN are the
 * two ends of a move between municipalities, joined by the 転出証明書情報 and the 転入通知 the CSs
 * exchange (see {@code jp.jukinet.cs.moves}).
 */
enum NotificationType {
    BIRTH(ChangeReason.BIRTH),
    MOVE_IN(ChangeReason.MOVE_IN),
    MOVE_IN_FROM_ABROAD(ChangeReason.MOVE_IN_FROM_ABROAD),
    MOVE_WITHIN(ChangeReason.MOVE_WITHIN),
    MOVE_OUT(ChangeReason.MOVE_OUT),
    MOVE_OUT_ABROAD(ChangeReason.MOVE_OUT_ABROAD),
    DEATH(ChangeReason.DEATH),
    NAME_CHANGE(ChangeReason.NAME_CHANGE),
    CORRECTION(ChangeReason.EX_OFFICIO_CORRECTION),
    RESIDENT_CODE_CHANGE(ChangeReason.RESIDENT_CODE_CHANGE),
    MY_NUMBER_CHANGE(ChangeReason.MY_NUMBER_CHANGE),
    /** 本籍の変更 (転籍, reported by the 戸籍 side): a CS-only item, no change of the resident record. */
    DOMICILE_CHANGE(null),
    /** 世帯変更届: join or leave a household, a new household, a new 世帯主; a CS-only item. */
    HOUSEHOLD_CHANGE(null);

    private final ChangeReason reason;

    NotificationType(ChangeReason reason) {
        this.reason = reason;
    }

    /** The 異動事由 it records; {@code null} for a {@link #csOnly()} type. */
    ChangeReason reason() {
        return reason;
    }

    /**
     * Whether it changes only what the CS alone keeps (本籍, household): nothing in the register,
     * nothing up the chain.
     */
    boolean csOnly() {
        return reason == null;
    }

    /** Every type, as listed in a refusal. */
    static String listed() {
        return java.util.Arrays.stream(values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", "));
    }

    /** Whether the notification creates a new resident here (and so numbers them). */
    boolean createsResident() {
        return this == BIRTH || this == MOVE_IN_FROM_ABROAD;
    }
}
