package jp.jukinet.model.copy;

/**
 * Items a wide-area copy leaves out unless the request asks for them (住基法 第12条 第5項, 第12条の4).
 * 本籍・筆頭者 are never among them: a wide-area copy cannot carry them (the CS keeps them only for the 附票 notice).
 */
public enum RecordCopyItem {
    /** The changes recorded for the person at the holder (異動の履歴, 前住所). */
    HISTORY,
    /** 住民票コード. */
    RESIDENT_CODE,
    /** 個人番号 (My Number): only for the person or their household. */
    MY_NUMBER,
    /**
     * 世帯主の氏名及び続柄, from the holder's households (issue #13). A holder from before does not
     * know it and refuses the request.
     */
    HOUSEHOLD
}
