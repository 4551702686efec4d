package jp.jukinet.model.notice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * A receiver's cumulative acknowledgement: it has durably recorded every notice of
 * {@code source} with a sequence up to and including {@code upToSequence}, so the sender may
 * stop retrying them. Cumulative, because receivers apply a source's notices in order and a
 * gap blocks what follows it; {@code 0} acknowledges nothing yet.
 *
 * @param source       the node whose notice stream is acknowledged
 * @param upToSequence highest sequence recorded without gaps, ≥ 0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Acknowledgement(NodeId source, long upToSequence) {

    /** @throws InvalidValueException when source is missing or upToSequence is negative */
    public Acknowledgement {
        if (source == null) {
            throw new InvalidValueException("source", "source is required");
        }
        if (upToSequence < 0) {
            throw new InvalidValueException("upToSequence", "must be 0 or higher");
        }
    }

    /** Whether the notice with this sequence is acknowledged. */
    public boolean covers(long sequence) {
        return sequence <= upToSequence;
    }
}
