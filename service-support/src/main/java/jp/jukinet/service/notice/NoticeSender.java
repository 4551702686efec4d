package jp.jukinet.service.notice;

import jp.jukinet.model.notice.Acknowledgement;

/**
 * Delivers one batch to the next tier and returns what the receiver committed; and asks the
 * receiver what it holds of this node's stream ({@link #sent}).
 */
public interface NoticeSender {

    /**
     * @throws RuntimeException when the batch may not have arrived; the publisher sends again
     */
    Acknowledgement send(EncodedBatch batch);

    /**
     * What the receiver holds of {@code source}'s stream (this node's own): its notices after
     * {@code after}, at most {@code limit}.
     *
     * @throws RuntimeException when the receiver did not answer; the publisher asks again
     */
    SentNotices sent(jp.jukinet.model.notice.NodeId source, long after, int limit);
}
