package jp.jukinet.model.identity;

import java.time.LocalDate;

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

    /**
     * The day the kana reading of the name (氏名の振り仮名) became an item of the resident record and
     * so of identity information: the amendment of 住民基本台帳法 (令和5年法律第48号) in force from
     * 2025-05-26. The network carries the reading with every name (municipalities kept it for their
     * own use before), but a provision rule may name {@link #NAME_KANA} only from this day.
     */
    public static final LocalDate NAME_KANA_ITEM_FROM = LocalDate.of(2025, 5, 26);

    private final String japaneseLabel;

    IdentityField(String japaneseLabel) {
        this.japaneseLabel = japaneseLabel;
    }

    public String japaneseLabel() {
        return japaneseLabel;
    }
}
