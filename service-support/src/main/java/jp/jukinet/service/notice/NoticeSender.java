package jp.jukinet.service.notice;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNoticeBatch;

/** Delivers one batch to the next tier and returns what the receiver committed. */
@FunctionalInterface
public interface NoticeSender {

    /**
     * @throws RuntimeException when the batch may not have arrived; the publisher sends again
     */
    Acknowledgement send(ChangeNoticeBatch batch);
}
