package jp.jukinet.model.identity;

/**
 * The reason of a change to identity information (異動事由). New reasons may be added as the
 * law changes; a receiver that does not know a reason cannot process the change and must
 * refuse it rather than guess.
 */
public enum ChangeReason {
    BIRTH("出生"),
    MOVE_IN("転入"),
    MOVE_IN_FROM_ABROAD("国外からの転入"),
    MOVE_WITHIN("転居"),
    MOVE_OUT("転出"),
    MOVE_OUT_ABROAD("国外転出"),
    DEATH("死亡"),
    NAME_CHANGE("氏名の変更"),
    EX_OFFICIO_ENTRY("職権記載"),
    EX_OFFICIO_CORRECTION("職権修正"),
    EX_OFFICIO_REMOVAL("職権消除"),
    RESIDENT_CODE_CHANGE("住民票コードの変更"),
    MY_NUMBER_CHANGE("個人番号の変更"),
    /**
     * 転出取消: a move-out cancelled before the person moved in elsewhere. The record removed at the
     * 転出届 is in force again, in the same residence, with no destination.
     */
    MOVE_OUT_CANCELLATION("転出取消");

    private final String japaneseLabel;

    ChangeReason(String japaneseLabel) {
        this.japaneseLabel = japaneseLabel;
    }

    /** The reason as written in Japanese, e.g. 出生, 国外転出. */
    public String japaneseLabel() {
        return japaneseLabel;
    }

    /**
     * Whether a change for this reason removes the person from the municipality's register
     * (the record becomes 消除): move out, move out abroad, death, ex officio removal.
     */
    public boolean removesResident() {
        return this == MOVE_OUT || this == MOVE_OUT_ABROAD || this == DEATH || this == EX_OFFICIO_REMOVAL;
    }
}
