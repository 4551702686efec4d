package jp.jukinet.prefecture.rebuild;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.TakeBackIntoRegister;
import jp.jukinet.service.notice.TakeBackNotices;
import jp.jukinet.service.register.ResidentRegister;

/**
 * A prefecture server takes back the notices J-LIS holds of it and it lost (issue #15, F8): the
 * {@code NoticePublisher} finds them at its first round after a start (J-LIS's
 * {@code applied_through(pref-NN)} beyond this server's outbox head) and puts them in the outbox as
 * numbered and acknowledged; this decides what the register does with them.
 * <ul>
 *   <li><b>Restored from an older backup</b> (serving): each is a CS's change this server had relayed;
 *       it is recorded as that CS's change (source {@code cs-} + the change's municipality, without
 *       the CS's sequence, which the notice to J-LIS does not carry), unless the register still has
 *       it, the history only for a person changed since the restore ({@link TakeBackIntoRegister}).
 *       The CSs then send again what this server acknowledged and lost (the lower acknowledgement, or
 *       their check at start), and what it had taken back is recognised by its change id and not
 *       forwarded twice; what J-LIS lacked is forwarded after J-LIS's head.</li>
 *   <li><b>Lost and being rebuilt</b> (checking or rebuilding): nothing; the CSs' snapshots fill the
 *       register ({@link PrefectureRebuild}).</li>
 * </ul>
 * Either way the register is marked ({@code rebuild_state}) as holding changes whose notices may
 * come again.
 */
@Component
class PrefectureTakeBack implements TakeBackNotices {

    private static final Logger log = LoggerFactory.getLogger(PrefectureTakeBack.class);

    private final NodeId localNode;
    private final ResidentRegister register;
    private final JdbcClient jdbc;
    private final PrefectureRebuildState state;

    PrefectureTakeBack(NodeId localNode, ResidentRegister register, JdbcClient jdbc, PrefectureRebuildState state) {
        this.localNode = localNode;
        this.register = register;
        this.jdbc = jdbc;
        this.state = state;
    }

    @Override
    public void takeBack(List<ChangeNotice> own) {
        TakeBackIntoRegister.requireOwn(localNode, own);
        if (!state.serving()) {
            log.warn("Took back {} notices of {} into the outbox only: the register is rebuilt from the CSs", own.size(),
                    localNode);
            return;
        }
        TakeBackIntoRegister.Taken taken = TakeBackIntoRegister.takeBack(localNode, own, register, jdbc,
                notice -> NodeId.cs(notice.identity().municipality()));
        state.tookBack();
        log.warn("Took back {} of {} notices of {} ({} into the history only: changed since the restore)",
                taken.recorded(), own.size(), localNode, taken.historyOnly());
    }
}
