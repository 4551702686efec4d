package jp.jukinet.model.identity;

/** Whether a resident record is in force or has been removed (消除) from the register. */
public enum ResidentStatus {
    /** The person is registered in the municipality. */
    ACTIVE("記載"),
    /** The record was removed (消除) by a move out, death or ex officio removal; it is kept, not deleted. */
    REMOVED("消除");

    private final String japaneseLabel;

    ResidentStatus(String japaneseLabel) {
        this.japaneseLabel = japaneseLabel;
    }

    public String japaneseLabel() {
        return japaneseLabel;
    }
}
