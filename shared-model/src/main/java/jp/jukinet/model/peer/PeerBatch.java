package jp.jukinet.model.peer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.notice.NodeId;

/**
 * Messages from one node to another (CS to CS), in ascending sequence order. Delivery is at
 * least once; the receiver is idempotent by ({@code source}, {@code sequence}), applies each
 * source's messages in sequence order and holds a message that arrives ahead of a gap, exactly as
 * the notice chain does. A batch need not be contiguous: a retry resends only what was not
 * acknowledged. The acknowledgement is a {@link jp.jukinet.model.notice.Acknowledgement}.
 *
 * @param source      the sending node; a receiver believes it only when it is the caller the
 *                    gateway verified
 * @param destination the receiving node
 * @param messages    at least one message, strictly ascending by sequence; the list is immutable
 * @param <M>         the kind of message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerBatch<M>(NodeId source, NodeId destination, List<PeerMessage<M>> messages) {

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public PeerBatch {
        if (source == null) {
            throw new InvalidValueException("source", "source is required");
        }
        if (destination == null) {
            throw new InvalidValueException("destination", "destination is required");
        }
        if (messages == null || messages.isEmpty()) {
            throw new InvalidValueException("messages", "a batch holds at least one message");
        }
        long previous = 0;
        for (int i = 0; i < messages.size(); i++) {
            PeerMessage<M> message = messages.get(i);
            if (message == null) {
                throw new InvalidValueException("messages[" + i + "]", "must not be null");
            }
            if (message.sequence() <= previous) {
                throw new InvalidValueException("messages[" + i + "].sequence",
                        "messages must be in strictly ascending sequence order");
            }
            previous = message.sequence();
        }
        messages = List.copyOf(messages);
    }
}
