package jp.jukinet.model.provision;

/**
 * Which item of 住基法 第30条の15第1項 a prefecture's use of its own register falls under. Use by
 * the prefecture (the governor, 都道府県知事) is not provision to another body (第2項), and each item
 * is served differently:
 * <ul>
 *   <li>{@link #ANNEX_TASK}, item 1: a task of 別表第5 (the rule names its annex item);</li>
 *   <li>{@link #ORDINANCE_TASK}, item 2: a task the prefecture's ordinance (条例) names;</li>
 *   <li>{@link #CONSENTED_TASK}, item 3: a task the person consented to (本人の同意): served
 *       only about a person whose consent for that rule is recorded and not revoked;</li>
 *   <li>{@link #STATISTICS}, item 4: statistics (統計資料の作成): aggregates only, never a person,
 *       so never a lookup.</li>
 * </ul>
 */
public enum PrefectureUse {
    ANNEX_TASK(1),
    ORDINANCE_TASK(2),
    CONSENTED_TASK(3),
    STATISTICS(4);

    private final int item;

    PrefectureUse(int item) {
        this.item = item;
    }

    /** The item (号) of 第30条の15第1項. */
    public int item() {
        return item;
    }
}
