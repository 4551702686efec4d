package jp.jukinet.service.peer;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.NodeId;

/** Delivers one batch (the JSON of a {@link jp.jukinet.model.peer.PeerBatch}) to another node. */
@FunctionalInterface
public interface PeerSender {

    /** @throws RuntimeException when the batch may not have arrived; the publisher sends it again */
    Acknowledgement send(NodeId destination, byte[] batch);
}
