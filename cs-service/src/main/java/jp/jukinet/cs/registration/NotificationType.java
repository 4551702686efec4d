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
    MY_NUMBER_CHANGE(ChangeReason.MY_NUMBER_CHANGE);

    private final ChangeReason reason;

    NotificationType(ChangeReason reason) {
        this.reason = reason;
    }

    ChangeReason reason() {
        return reason;
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
