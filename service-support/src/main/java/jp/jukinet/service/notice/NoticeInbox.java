package jp.jukinet.service.notice;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives notice batches through an {@link OrderedInbox}: idempotent by (source, sequence),
 * applied in sequence order per source, a notice ahead of a gap held (in {@code held_notices})
 * until the gap is filled, never skipped. One transaction per batch covers the application, the
 * held notices and the progress, and the acknowledgement names only what that transaction
 * committed.
 */
public class NoticeInbox {

    private final OrderedInbox<ChangeNotice> inbox;
    private final TransactionTemplate transactions;
    private final NoticeApplier applier;

    public NoticeInbox(JdbcTemplate template, TransactionTemplate transactions, JsonMapper json, NoticeApplier applier) {
        this.inbox = new OrderedInbox<>(template, json, json.constructType(ChangeNotice.class), ChangeNotice::sequence);
        this.transactions = transactions;
        this.applier = applier;
    }

    /**
     * @return the cumulative acknowledgement: every notice of the source up to it is committed
     * @throws Refusal (forbidden) when this node does not take notices from the batch's source
     */
    public Acknowledgement receive(ChangeNoticeBatch batch) {
        NodeId source = batch.source();
        if (!applier.accepts(source)) {
            throw Refusal.forbidden("source", "this node does not take notices from " + source);
        }
        List<ChangeNotice> notices = batch.notices();
        for (int i = 0; i < notices.size(); i++) {
            ChangeNotice notice = notices.get(i);
            if (!notice.source().equals(source)) {
                throw Refusal.forbidden("notices[" + i + "].source", "a batch carries its source's own notices only");
            }
            if (!applier.speaksFor(source, notice.identity().municipality())) {
                throw Refusal.forbidden("notices[" + i + "].identity.municipality",
                        source + " does not keep the register of municipality " + notice.identity().municipality().value());
            }
        }
        return transactions.execute(status -> receiveInTransaction(batch));
    }

    private Acknowledgement receiveInTransaction(ChangeNoticeBatch batch) {
        long appliedThrough = inbox.receive(batch.source().value(), batch.notices(), applier::apply);
        return new Acknowledgement(batch.source(), appliedThrough);
    }

    /** How far each source's notices are applied (for operators and tests). */
    public long appliedThrough(NodeId source) {
        return inbox.appliedThrough(source.value());
    }
}
