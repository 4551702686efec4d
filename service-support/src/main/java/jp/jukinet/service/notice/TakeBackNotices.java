package jp.jukinet.service.notice;

import java.util.List;

import jp.jukinet.model.notice.ChangeNotice;

/**
 * How a sender restored from a backup takes back its own notices (issue #15): the changes it had
 * committed, numbered and sent after the backup was taken, which its receiver holds and it lost.
 * A node that can (the CS, whose notices are its own changes) declares one; without one the
 * {@link NoticePublisher} stays {@link NoticePublisher.Lineage#REGRESSED} and sends nothing until an
 * operator repairs it (fails closed).
 */
public interface TakeBackNotices {

    /**
     * Applies to this node's own records, in the publisher's transaction (which also puts them in
     * the outbox as numbered and acknowledged, and moves the sequence past them), notices this node
     * had sent, in sequence order. A notice whose change the node still has (committed before the
     * backup, numbered after it) is not applied again.
     *
     * @throws RuntimeException when they cannot be taken back; nothing is written, the stream stays stopped
     */
    void takeBack(List<ChangeNotice> own);
}
