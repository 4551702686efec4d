package jp.jukinet.prefecture.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.notice.Tier;
import jp.jukinet.prefecture.PrefectureSettings;
import jp.jukinet.prefecture.rebuild.PrefectureRebuildState;
import jp.jukinet.service.notice.AdmitNotices;
import jp.jukinet.service.notice.AlreadyRecorded;
import jp.jukinet.service.notice.NoticeApplier;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.notice.NoticeOwnership;
import jp.jukinet.service.notice.ParkedNotices;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;

/**
 * The prefecture server takes notices from its own municipalities' CSs, each about its own
 * register only, records those whose sender owns the person as far as this prefecture knows, and in
 * the same transaction puts what was new into its outbox towards the national server.
 */
@Component
class PrefectureNotices implements NoticeApplier {

    private final PrefectureSettings settings;
    private final ResidentRegister register;
    private final NoticeOutbox outbox;
    private final AdmitNotices admission;
    private final Clock clock;
    private final PrefectureRebuildState rebuild;
    private final JdbcClient jdbc;

    PrefectureNotices(PrefectureSettings settings, ResidentRegister register, NoticeOutbox outbox,
                      ParkedNotices parked, JdbcTemplate jdbc, MeterRegistry meters, Clock clock,
                      PrefectureRebuildState rebuild) {
        this.settings = settings;
        this.rebuild = rebuild;
        this.jdbc = JdbcClient.create(jdbc);
        this.register = register;
        this.outbox = outbox;
        this.admission = new AdmitNotices(JdbcClient.create(jdbc), register, parked,
                NoticeOwnership.ofPrefecture(settings.prefecture()), null, meters, clock);
        this.clock = clock;
    }

    @Override
    public boolean accepts(NodeId source) {
        return source.tier() == Tier.MUNICIPAL
                && source.municipalityCode().map(code -> code.prefecture().equals(settings.prefecture())).orElse(false);
    }

    @Override
    public boolean speaksFor(NodeId source, LocalGovernmentCode municipality) {
        return source.equals(NodeId.cs(municipality));
    }

    /**
     * Records the notices whose sender owns the person as far as this prefecture knows (the others
     * are parked, see {@link AdmitNotices}), and forwards what was new.
     */
    @Override
    public void apply(List<ChangeNotice> inOrder) {
        record(admission.admit(notRecordedYet(inOrder)));
    }

    /**
     * A register rebuilt from the CSs' snapshots, or one that took back its notices after a restore
     * (F8), may receive a CS's notice of a change it holds: acknowledged without effect
     * ({@link AlreadyRecorded}). Costs nothing on a register that was never rebuilt or restored.
     */
    private List<ChangeNotice> notRecordedYet(List<ChangeNotice> notices) {
        return rebuild.rebuilt() ? AlreadyRecorded.notRecordedYet(jdbc, notices) : notices;
    }

    @Override
    public void applyReleased(ChangeNotice refused) {
        record(admission.retry(refused));
    }

    /**
     * Records in order; a RESYNC (整合性確認's repair, F8) replaces this prefecture's record with the
     * CS's and, when new here, is forwarded to J-LIS as a RESYNC, like any notice.
     */
    private void record(List<ChangeNotice> admitted) {
        Instant now = clock.instant();
        List<ChangeNotice> run = new ArrayList<>();
        for (ChangeNotice notice : admitted) {
            if (notice.resync() == null) {
                run.add(notice);
                continue;
            }
            recordRun(run, now);
            run.clear();
            if (register.resync(notice.changeId(), notice.source(), notice.sequence(), now, notice.identity(),
                    notice.resync().lastChangeId())) {
                outbox.appendResync(notice.changeId(), notice.identity(), notice.resync().lastChangeId(), now);
            }
        }
        recordRun(run, now);
    }

    private void recordRun(List<ChangeNotice> run, Instant now) {
        if (run.isEmpty()) {
            return;
        }
        List<RecordedChange> recorded = register.record(run.stream()
                .map(notice -> new RecordedChange(notice.changeId(), notice.source(), notice.sequence(), now,
                        notice.identity(), notice.previousResidentCode(), notice.previousMyNumber()))
                .toList());
        outbox.appendAll(recorded);
    }

    @Configuration(proxyBeanMethods = false)
    static class Node {

        @Bean
        NodeId localNode(PrefectureSettings settings) {
            return NodeId.prefecture(settings.prefecture());
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
