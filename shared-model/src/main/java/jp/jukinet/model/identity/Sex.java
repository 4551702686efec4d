package jp.jukinet.model.identity;

/** Sex (性別) as recorded in the resident register. */
public enum Sex {
    MALE("男"),
    FEMALE("女");

    private final String japaneseLabel;

    Sex(String japaneseLabel) {
        this.japaneseLabel = japaneseLabel;
    }

    /** 男 or 女. */
    public String japaneseLabel() {
        return japaneseLabel;
    }
}
