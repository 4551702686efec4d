package jp.jukinet.service.notice;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;

/**
 * What a sender restored from a backup does with the notices it takes back (issue #15), shared by
 * the CS (its own changes) and the prefecture server (its CSs' changes it had relayed): each is
 * recorded in the register as it was recorded before (its change id, its commit time), unless the
 * register still has it (committed before the backup). A person changed since the restore (an
 * unnumbered outbox row of another change) keeps that newer record as current: the taken-back change
 * goes into the history only, and the newer change goes up the chain after it. A RESYNC (the
 * consistency check's repair) is no change of the person: it is not recorded (the outbox keeps it,
 * numbered and acknowledged; the next check repairs again if the record differs).
 */
public final class TakeBackIntoRegister {

    /** How many were recorded, and how many of them into the history only. */
    public record Taken(int recorded, int historyOnly) {
    }

    private TakeBackIntoRegister() {
    }

    /** @throws IllegalStateException when a notice is not {@code self}'s own */
    public static void requireOwn(NodeId self, List<ChangeNotice> notices) {
        for (ChangeNotice notice : notices) {
            if (!notice.source().equals(self)) {
                throw new IllegalStateException("a notice of " + notice.source() + " is not " + self + "'s own");
            }
        }
    }

    /**
     * @param self       this node: every notice must be its own
     * @param recordedBy the source of each change in this node's history (the CS itself; for a
     *                   prefecture, the CS of the change's municipality)
     * @throws IllegalStateException when a notice is not this node's own; nothing is recorded
     */
    public static Taken takeBack(NodeId self, List<ChangeNotice> notices, ResidentRegister register, JdbcClient jdbc,
                                 Function<ChangeNotice, NodeId> recordedBy) {
        requireOwn(self, notices);
        UUID[] ids = notices.stream().map(ChangeNotice::changeId).toArray(UUID[]::new);
        // residents changed since the restore: an unnumbered outbox row that is none of these changes
        Set<String> changedSince = new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT resident_code FROM notice_outbox
                        WHERE sequence IS NULL AND NOT (change_id = ANY(:ids))""")
                .param("ids", ids).query(String.class).list());
        List<RecordedChange> current = new ArrayList<>();
        List<RecordedChange> historyOnly = new ArrayList<>();
        for (ChangeNotice notice : notices) {
            if (notice.resync() != null) {
                continue;
            }
            RecordedChange change = new RecordedChange(notice.changeId(), recordedBy.apply(notice), null,
                    notice.committedAt(), notice.identity(), notice.previousResidentCode(), notice.previousMyNumber());
            boolean newer = changedSince.contains(notice.residentCode().value())
                    || (notice.previousResidentCode() != null
                        && changedSince.contains(notice.previousResidentCode().value()));
            (newer ? historyOnly : current).add(change);
        }
        // in order: the register skips what it has (by change id)
        int recorded = register.record(current).size();
        int history = register.recordHistoryOnly(historyOnly).size();
        return new Taken(recorded + history, history);
    }
}
