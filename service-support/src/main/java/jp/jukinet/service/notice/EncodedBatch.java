package jp.jukinet.service.notice;

import jp.jukinet.model.notice.NodeId;

/**
 * A batch of notices already written as the JSON of a
 * {@link jp.jukinet.model.notice.ChangeNoticeBatch}: the publisher writes it straight from its
 * outbox rows (the identity JSON as stored), so a sender never parses and re-writes what it
 * committed itself. The receiver reads and validates it as a {@code ChangeNoticeBatch}.
 */
public record EncodedBatch(NodeId source, long firstSequence, long lastSequence, int size, byte[] json,
                           java.util.Set<String> traceParents) {

    /** A batch whose notices carry no trace. */
    public EncodedBatch(NodeId source, long firstSequence, long lastSequence, int size, byte[] json) {
        this(source, firstSequence, lastSequence, size, json, java.util.Set.of());
    }

    public EncodedBatch {
        traceParents = java.util.Set.copyOf(traceParents);
    }
}
