package jp.jukinet.service.notice;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
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
 *
 * <p><b>Poison notices.</b> When the batch's application fails for good ({@link NoticeFailures#isForGood}:
 * a constraint, a refusal of the domain), its transaction is rolled back and the batch is received
 * again in a new one that applies its notices one by one, each under a savepoint: a notice that
 * fails for good is rolled back to its savepoint and parked as {@link NoticeOwnership.Reason#REFUSED}
 * with its problem (no personal data), so the rest of the batch applies and the sender's stream
 * goes on; later notices of its sender about the same resident wait behind it (BEHIND_PARKED).
 * A transient failure ({@link NoticeFailures#isTransient}: the database away, a serialization
 * failure, a lock timeout), in either pass, rolls the whole batch back: the sender sends it again.
 * The second pass costs nothing while no notice is poison (the first pass has no savepoint).
 */
public class NoticeInbox {

    private static final Logger log = LoggerFactory.getLogger(NoticeInbox.class);

    private final OrderedInbox<ChangeNotice> inbox;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final NoticeApplier applier;
    private final ParkedNotices parked;
    private final MeterRegistry meters;
    private final Clock clock;

    public NoticeInbox(JdbcTemplate template, TransactionTemplate transactions, JsonMapper json, NoticeApplier applier,
                       ParkedNotices parked, MeterRegistry meters, Clock clock) {
        this.inbox = new OrderedInbox<>(template, json, json.constructType(ChangeNotice.class), ChangeNotice::sequence);
        this.template = template;
        this.transactions = transactions;
        this.applier = applier;
        this.parked = parked;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @return the cumulative acknowledgement: every notice of the source up to it is committed
     *         (applied, or parked)
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
        try {
            return transactions.execute(status -> receiveInTransaction(batch, applier::apply));
        } catch (RuntimeException failure) {
            if (!NoticeFailures.isForGood(failure)) {
                throw failure;
            }
            // one of the notices is poison: again, one notice at a time, parking the ones refused for good
            return transactions.execute(status -> receiveInTransaction(batch, this::applyEachParkingRefused));
        }
    }

    private Acknowledgement receiveInTransaction(ChangeNoticeBatch batch, java.util.function.Consumer<List<ChangeNotice>> apply) {
        long appliedThrough = inbox.receive(batch.source().value(), batch.notices(), apply);
        return new Acknowledgement(batch.source(), appliedThrough);
    }

    /**
     * Savepoints by SQL on the transaction's connection rather than the transaction manager's: the
     * national server's is JPA's, whose savepoints depend on the JPA dialect; nothing on the
     * applying path is a transactional proxy that would mark the transaction rollback-only.
     */
    private void applyEachParkingRefused(List<ChangeNotice> inOrder) {
        for (ChangeNotice notice : inOrder) {
            template.execute("SAVEPOINT jukinet_notice");
            try {
                applier.apply(List.of(notice));
                template.execute("RELEASE SAVEPOINT jukinet_notice");
            } catch (RuntimeException failure) {
                if (!NoticeFailures.isForGood(failure)) {
                    throw failure;
                }
                template.execute("ROLLBACK TO SAVEPOINT jukinet_notice");
                String problem = NoticeFailures.problem(failure);
                parked.refuse(notice, problem, clock.instant());
                meters.counter("jukinet.notices.parked", "reason", NoticeOwnership.Reason.REFUSED.name()).increment();
                log.warn("Parked notice {}#{}: REFUSED ({})", notice.source().value(), notice.sequence(), problem);
            }
        }
    }

    /** How far each source's notices are applied (for operators and tests). */
    public long appliedThrough(NodeId source) {
        return inbox.appliedThrough(source.value());
    }
}
