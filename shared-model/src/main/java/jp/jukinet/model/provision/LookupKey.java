package jp.jukinet.model.provision;

/** What a lookup identifies the person by. */
public enum LookupKey {
    /** 住民票コード. */
    RESIDENT_CODE,
    /** 個人番号: only under a rule whose task may use the My Number. */
    MY_NUMBER,
    /** 4 info: name and date of birth, with address or sex. */
    FOUR_INFO
}
