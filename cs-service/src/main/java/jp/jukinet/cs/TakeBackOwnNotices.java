package jp.jukinet.cs;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.cs.numbering.ResidentCodePool;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.TakeBackIntoRegister;
import jp.jukinet.service.notice.TakeBackNotices;
import jp.jukinet.service.register.ResidentRegister;

/**
 * A CS restored from a backup takes back the changes it had sent to its prefecture after the
 * backup (issue #15): they are its own changes (本人確認情報 it recorded), already numbered, and the
 * prefecture holds them as received. Each is recorded in the register as this CS recorded it (its
 * change id, its commit time), unless the register still has it (committed before the backup).
 *
 * <p>A person a clerk has changed since the restore (a change not yet numbered, in the outbox) keeps
 * that newer record as current; the taken-back change goes into the history only, and the newer
 * change goes up the chain after it ({@link TakeBackIntoRegister}, shared with the prefecture). Resident codes: every code left in the pool's blocks is given
 * up ({@link ResidentCodePool#burnAll}), since the restored pool would hand out again the codes it
 * gave out after the backup; the next birth takes a fresh block from J-LIS.
 *
 * <p>What is not taken back: the CS's own tables that never went up the chain (idempotency keys,
 * move and copy bookkeeping, households, DV measures) of the lost time; the municipality enters
 * those again from its resident-record system.
 */
@Component
class TakeBackOwnNotices implements TakeBackNotices {

    private static final Logger log = LoggerFactory.getLogger(TakeBackOwnNotices.class);

    private final NodeId localNode;
    private final ResidentRegister register;
    private final JdbcClient jdbc;
    private final ResidentCodePool pool;

    TakeBackOwnNotices(NodeId localNode, ResidentRegister register, JdbcClient jdbc, ResidentCodePool pool) {
        this.localNode = localNode;
        this.register = register;
        this.jdbc = jdbc;
        this.pool = pool;
    }

    @Override
    public void takeBack(List<ChangeNotice> own) {
        TakeBackIntoRegister.Taken taken = TakeBackIntoRegister.takeBack(localNode, own, register, jdbc, notice -> localNode);
        int burnt = pool.burnAll();
        log.warn("Took back {} of {} own notices ({} into the history only: changed since the restore); gave up {} "
                + "resident codes left in the pool", taken.recorded(), own.size(), taken.historyOnly(), burnt);
    }
}
