package jp.jukinet.model.copy;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * The holder's (A's) answer: the copy, or that none can be issued — never why.
 *
 * @param copy present exactly when {@code outcome} is {@code ISSUED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordCopyAnswer(UUID requestId, Outcome outcome, RecordCopy copy) {

    /** Issued, or not issuable (for any reason, DV support measures included). */
    public enum Outcome {
        ISSUED,
        NOT_ISSUABLE
    }

    public RecordCopyAnswer {
        if (requestId == null) {
            throw new InvalidValueException("requestId", "request id is required");
        }
        if (outcome == null) {
            throw new InvalidValueException("outcome", "outcome is required");
        }
        if ((outcome == Outcome.ISSUED) != (copy != null)) {
            throw new InvalidValueException("copy", "a copy goes with outcome ISSUED, and only with it");
        }
    }

    public static RecordCopyAnswer issued(UUID requestId, RecordCopy copy) {
        return new RecordCopyAnswer(requestId, Outcome.ISSUED, copy);
    }

    public static RecordCopyAnswer notIssuable(UUID requestId) {
        return new RecordCopyAnswer(requestId, Outcome.NOT_ISSUABLE, null);
    }
}
