package jp.jukinet.downstream;

import java.util.EnumSet;
import java.util.Set;

import jp.jukinet.model.identity.ChangeReason;

/**
 * The downstream systems of J-LIS the seed names (資料4: 住基ネットの各サーバの主な機能・役割).
 * Card management and JPKI hold something for each person (a card, certificates) and follow every
 * change of those persons; the information-provision network only asks for resident codes.
 */
public enum DownstreamSystem {

    /**
     * カード管理システム: J-LIS's own 個人番号カード関係事務 (交付前設定, 券面事項の更新, 一時停止).
     * A card stops being usable when its holder dies or leaves Japan (国外転出) or is removed ex officio.
     */
    CARD_MANAGEMENT("カード管理システム", "ACTIVE", "SUSPENDED"),

    /**
     * 公的個人認証サービス (JPKI): J-LIS's 認証業務 under 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律.
     * The certificates are revoked (失効) on the holder's death, 国外転出 or ex officio removal. (The
     * 署名用電子証明書 is revoked on a change of name or address too; that is not modelled here.)
     */
    JPKI("公的個人認証サービス", "VALID", "REVOKED"),

    /**
     * 情報提供ネットワークシステム: asks J-LIS for the resident code behind a My Number and derives the
     * 機関別符号 from it; holds no cards and follows no feed.
     */
    IPN("情報提供ネットワークシステム", null, null);

    /** The changes after which a card or certificate is no longer usable: the person is no longer a resident of Japan. */
    private static final Set<ChangeReason> ENDING = EnumSet.of(ChangeReason.DEATH, ChangeReason.MOVE_OUT_ABROAD,
            ChangeReason.EX_OFFICIO_REMOVAL);

    private final String japaneseName;
    private final String inForce;
    private final String ended;

    DownstreamSystem(String japaneseName, String inForce, String ended) {
        this.japaneseName = japaneseName;
        this.inForce = inForce;
        this.ended = ended;
    }

    public String japaneseName() {
        return japaneseName;
    }

    /** Whether this system holds something per person and follows its changes by subscription. */
    public boolean holder() {
        return inForce != null;
    }

    /** The state of a card or certificate in force (ACTIVE, VALID). */
    public String inForce() {
        return inForce;
    }

    /** The state of a card or certificate after {@link #ends(ChangeReason)} (SUSPENDED, REVOKED); it never returns to {@link #inForce()}. */
    public String ended() {
        return ended;
    }

    /** Whether a change for {@code reason} ends the card or certificate: death, 国外転出, 職権消除 (not 転出 within Japan). */
    public static boolean ends(ChangeReason reason) {
        return reason != null && ENDING.contains(reason);
    }
}
