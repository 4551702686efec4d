package jp.jukinet.service.notice;

import java.util.List;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;

/** What a receiving tier does with notices, inside the transaction that acknowledges them. */
public interface NoticeApplier {

    /** Whether this node takes notices from {@code source} at all (e.g. only its own prefecture's CSs). */
    boolean accepts(NodeId source);

    /** Applies notices of one source, in sequence order, each exactly once. */
    void apply(List<ChangeNotice> inOrder);
}
