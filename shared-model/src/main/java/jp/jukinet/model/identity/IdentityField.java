package jp.jukinet.model.identity;

/**
 * The items of identity information a provision may disclose. A provision rule names the
 * subset its task may receive; a provider returns nothing else.
 */
public enum IdentityField {
    NAME("氏名"),
    NAME_KANA("氏名の振り仮名"),
    FORMER_SURNAME_OR_ALIAS("旧氏又は通称"),
    ADDRESS("住所"),
    DATE_OF_BIRTH("生年月日"),
    SEX("性別"),
    RESIDENT_CODE("住民票コード"),
    /** Only for tasks the My Number Act allows to use the number. */
    MY_NUMBER("個人番号"),
    CHANGE_INFORMATION("変更情報"),
    STATUS("消除の有無");

    private final String japaneseLabel;

    IdentityField(String japaneseLabel) {
        this.japaneseLabel = japaneseLabel;
    }

    public String japaneseLabel() {
        return japaneseLabel;
    }
}
