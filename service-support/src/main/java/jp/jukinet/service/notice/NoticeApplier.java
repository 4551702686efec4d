package jp.jukinet.service.notice;

import java.util.List;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;

/** What a receiving tier does with notices, inside the transaction that acknowledges them. */
public interface NoticeApplier {

    /** Whether this node takes notices from {@code source} at all (e.g. only its own prefecture's CSs). */
    boolean accepts(NodeId source);

    /**
     * Whether {@code source} speaks for the register of {@code municipality}: a CS for its own
     * municipality only, a prefecture server for its own municipalities only. A batch with a notice
     * for which this is false is refused whole: no sender in good order sends one.
     */
    boolean speaksFor(NodeId source, LocalGovernmentCode municipality);

    /**
     * Applies notices of one source, in sequence order, each exactly once. An exception that
     * {@link NoticeFailures#isForGood} calls the notice's own makes the inbox apply the notices one
     * by one and park the refused one; any other rolls the batch back.
     */
    void apply(List<ChangeNotice> inOrder);

    /**
     * An operator's release of a notice parked as refused ({@link NoticeOwnership.Reason#REFUSED}):
     * applies it now, in the caller's transaction, with the notices that waited behind it (see
     * {@link AdmitNotices#retry}), or leaves it parked for its owner.
     */
    void applyReleased(ChangeNotice refused);
}
