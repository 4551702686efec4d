package jp.jukinet.window.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The 届出 the counter takes, as forms: each with the slug of its page, the notification type the CS
 * registers it as, and the parts of the form it shows. The labels (届出の名称 and every field's) are
 * in {@code window/messages*.properties}, {@code todoke.<slug>}.
 */
public enum Todoke {

    /** 出生届. */
    BIRTH("shussei", "BIRTH", EnumSet.of(Part.NEW_PERSON, Part.DOMICILE, Part.DATES)),
    /** 転入届 with the paper 転出証明書 the person brought, entered from its printed block. */
    MOVE_IN("tennyu", "MOVE_IN", EnumSet.of(Part.CERTIFICATE, Part.NEW_ADDRESS_OPTIONAL, Part.DATES)),
    /** 転入届 after a card-based move-out (転入届の特例): the 転出証明書情報 came over the network. */
    MOVE_IN_CARD("tennyu-tokurei", "MOVE_IN", EnumSet.of(Part.RESIDENT, Part.CARD_PRESENTED, Part.NEW_ADDRESS_OPTIONAL,
            Part.DATES)),
    /** 国外からの転入届. */
    MOVE_IN_FROM_ABROAD("kokugai-tennyu", "MOVE_IN_FROM_ABROAD", EnumSet.of(Part.NEW_PERSON, Part.DOMICILE, Part.DATES)),
    /** 転居届: a new address within the municipality. */
    MOVE_WITHIN("tenkyo", "MOVE_WITHIN", EnumSet.of(Part.RESIDENT, Part.NEW_ADDRESS, Part.DATES)),
    /** 転出届, ordinary: the window prints the 転出証明書 the person carries. */
    MOVE_OUT("tenshutsu", "MOVE_OUT", EnumSet.of(Part.RESIDENT, Part.DESTINATION, Part.DATES)),
    /** 転出届, card-based (特例転出 / 付記転出届): the 転出証明書情報 goes to the destination over the network. */
    MOVE_OUT_CARD("tenshutsu-tokurei", "MOVE_OUT", EnumSet.of(Part.RESIDENT, Part.DESTINATION, Part.DATES)),
    /** 国外への転出届. */
    MOVE_OUT_ABROAD("kokugai-tenshutsu", "MOVE_OUT_ABROAD", EnumSet.of(Part.RESIDENT, Part.DATES)),
    /** 死亡 (the 死亡届 reaches the register from the 戸籍 side; the clerk records it here). */
    DEATH("shibo", "DEATH", EnumSet.of(Part.RESIDENT, Part.DATES)),
    /** 氏名の変更 (婚姻, 養子縁組 … reported by the 戸籍 side). */
    NAME_CHANGE("shimei", "NAME_CHANGE", EnumSet.of(Part.RESIDENT, Part.NEW_NAME, Part.DATES)),
    /** 職権修正: the clerk corrects what was recorded wrong; only the items typed change. */
    CORRECTION("shokken", "CORRECTION", EnumSet.of(Part.RESIDENT, Part.CORRECTED, Part.DATES)),
    /** 世帯変更届: the person becomes the 世帯主 of their household, or joins another. */
    HOUSEHOLD_CHANGE("setai", "HOUSEHOLD_CHANGE", EnumSet.of(Part.RESIDENT, Part.HOUSEHOLD, Part.DATES));

    /** The parts a form is made of. */
    public enum Part {
        /** 氏名, 振り仮名, 生年月日, 性別, 住所 of a person new to the register. */
        NEW_PERSON,
        /** 住民票コード of a resident of this municipality. */
        RESIDENT,
        /** The new 住所, required. */
        NEW_ADDRESS,
        /** The new 住所, when it differs from the one given at the move-out. */
        NEW_ADDRESS_OPTIONAL,
        /** The new 氏名 and its 振り仮名. */
        NEW_NAME,
        /** Any of 氏名, 生年月日, 性別, 住所: only those typed change. */
        CORRECTED,
        /** 転出先: the municipality and the address. */
        DESTINATION,
        /** The person presented their My Number card. */
        CARD_PRESENTED,
        /** The printed block of a paper 転出証明書. */
        CERTIFICATE,
        /** 本籍 and 筆頭者, optional. */
        DOMICILE,
        /** 世帯: the action, the household joined and the 続柄. */
        HOUSEHOLD,
        /** 異動年月日 and 届出年月日. */
        DATES
    }

    private final String slug;
    private final String type;
    private final Set<Part> parts;

    Todoke(String slug, String type, Set<Part> parts) {
        this.slug = slug;
        this.type = type;
        this.parts = parts;
    }

    /** The path segment of the form's page, {@code /todoke/<slug>}. */
    public String slug() {
        return slug;
    }

    /** The notification type the CS registers. */
    public String type() {
        return type;
    }

    public boolean has(Part part) {
        return parts.contains(part);
    }

    /** {@link #has} by the part's name, for the pages. */
    public boolean shows(String part) {
        return has(Part.valueOf(part));
    }

    /** Whether the move-out is card-based (特例転出). */
    public boolean cardBased() {
        return this == MOVE_OUT_CARD;
    }

    /** Whether the answer carries a move whose 転出証明書 the window prints. */
    public boolean printsCertificate() {
        return this == MOVE_OUT;
    }

    /** The key of its label in the messages. */
    public String label() {
        return "todoke." + slug;
    }

    public static Optional<Todoke> bySlug(String slug) {
        return Arrays.stream(values()).filter(todoke -> todoke.slug.equals(slug)).findFirst();
    }
}
