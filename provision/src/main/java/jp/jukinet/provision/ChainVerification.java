package jp.jukinet.provision;

/**
 * The result of walking the provision records' hash chain.
 *
 * @param checked  how many records were read
 * @param brokenAt the seq of the first record whose link does not hold, or {@code null} when the
 *                 chain is intact (for a head that does not match the last record: the head's seq)
 * @param problem  what does not hold there, or {@code null}
 * @param lastSeq  the seq of the last record read
 * @param lastHash the hash of the last record read, hex; an operator may note it to compare later
 */
public record ChainVerification(long checked, Long brokenAt, String problem, long lastSeq, String lastHash) {

    public boolean intact() {
        return brokenAt == null;
    }

    /** One line for an operator. */
    public String summary() {
        return intact()
                ? "provision records: chain intact, " + checked + " records checked, last seq " + lastSeq + ", head hash "
                        + lastHash
                : "provision records: chain BROKEN at record " + brokenAt + ": " + problem + " (" + checked
                        + " records checked)";
    }
}
