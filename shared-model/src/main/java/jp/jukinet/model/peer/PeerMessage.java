package jp.jukinet.model.peer;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;

/**
 * One message of a stream from one CS to another, numbered by its sender.
 *
 * @param sequence  position in the sender's stream to this destination, from 1 without gaps
 * @param messageId unique id of the message, kept wherever it travels
 * @param message   what the message says
 * @param <M>       the kind of message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerMessage<M>(long sequence, UUID messageId, M message) {

    /** @throws InvalidValueException naming the field when a part is missing or out of range */
    public PeerMessage {
        if (sequence < 1) {
            throw new InvalidValueException("sequence", "sequence must be 1 or higher");
        }
        if (messageId == null) {
            throw new InvalidValueException("messageId", "message id is required");
        }
        if (message == null) {
            throw new InvalidValueException("message", "message is required");
        }
    }
}
