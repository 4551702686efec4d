package jp.jukinet.model.provision;

/** What a lookup identifies the person by. */
public enum LookupKey {
    /** 住民票コード. */
    RESIDENT_CODE,
    /** 個人番号: only under a rule whose task may use the My Number. */
    MY_NUMBER,
    /** 4 info: name and date of birth, with address or sex. */
    FOUR_INFO,
    /**
     * No person: a use that counts residents (statistics, Art. 30-15(1) item 4). Only a provision
     * record carries it; no lookup request has it.
     */
    AGGREGATE,
    /**
     * No person: a subscription's creation under a rule (F6), recorded when it is refused. A
     * target refused, and every event delivered, is recorded about its person by
     * {@link #RESIDENT_CODE} or {@link #MY_NUMBER}. Only a provision record carries it.
     */
    SUBSCRIPTION
}
