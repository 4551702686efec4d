package jp.jukinet.model.notice;

/** The three tiers of the network, from the bottom up. */
public enum Tier {
    /** A municipality's communication server (CS, コミュニケーションサーバ). */
    MUNICIPAL,
    /** A prefecture server (都道府県サーバ). */
    PREFECTURAL,
    /** The national server (全国サーバ) operated by J-LIS. */
    NATIONAL
}
