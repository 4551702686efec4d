package jp.jukinet.service.notice;

import jp.jukinet.model.notice.Acknowledgement;

/** Delivers one batch to the next tier and returns what the receiver committed. */
@FunctionalInterface
public interface NoticeSender {

    /**
     * @throws RuntimeException when the batch may not have arrived; the publisher sends again
     */
    Acknowledgement send(EncodedBatch batch);
}
