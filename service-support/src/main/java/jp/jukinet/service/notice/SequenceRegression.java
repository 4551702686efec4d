package jp.jukinet.service.notice;

/**
 * A sender's notice stream went back (issue #15): its node was restored from a backup, or its
 * database was created again. Raised by the sender's {@link NoticePublisher} (an acknowledgement
 * above what it numbered, a receiver that holds sequences the sender does not) until it has
 * resynchronised. Its message names sources and sequences only.
 */
public class SequenceRegression extends RuntimeException {

    public SequenceRegression(String message) {
        super(message);
    }
}
