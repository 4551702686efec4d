package jp.jukinet.model.provision;

/** Who provides identity information under a provision rule. */
public enum ProviderTier {
    /** J-LIS, the national server (Art. 30-9 to 30-12; annex tables 1–4). */
    NATIONAL,
    /** A prefecture (Art. 30-15; annex tables 5–6, or an ordinance). */
    PREFECTURE,
    /** A municipality, to other municipalities (Art. 30-14, by ordinance; no annex table). */
    MUNICIPALITY
}
