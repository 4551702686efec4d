package jp.jukinet.national.notice;

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
import jp.jukinet.national.rebuild.RebuildState;
import jp.jukinet.provision.subscription.SubscriptionFeeds;
import jp.jukinet.service.notice.AdmitNotices;
import jp.jukinet.service.notice.AlreadyRecorded;
import jp.jukinet.service.notice.NoticeApplier;
import jp.jukinet.service.notice.NoticeOwnership;
import jp.jukinet.service.notice.ParkedNotices;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;

/**
 * The national server takes notices from the prefecture servers, each about its own
 * municipalities, and records in its register (the latest state of every resident and the whole
 * history) those whose municipality owns the person as far as J-LIS knows.
 */
@Component
class NationalNotices implements NoticeApplier {

    private final ResidentRegister register;
    private final AdmitNotices admission;
    private final Clock clock;
    private final SubscriptionFeeds feeds;
    private final RebuildState rebuild;
    private final JdbcClient jdbc;

    NationalNotices(ResidentRegister register, ParkedNotices parked, AdmitNotices.CodeAllocations allocations, JdbcTemplate jdbc,
                    MeterRegistry meters, Clock clock, SubscriptionFeeds feeds, RebuildState rebuild) {
        this.register = register;
        this.feeds = feeds;
        this.rebuild = rebuild;
        this.jdbc = JdbcClient.create(jdbc);
        this.admission = new AdmitNotices(JdbcClient.create(jdbc), register, parked, NoticeOwnership.national(),
                allocations, meters, clock);
        this.clock = clock;
    }

    @Override
    public boolean accepts(NodeId source) {
        return source.tier() == Tier.PREFECTURAL;
    }

    @Override
    public boolean speaksFor(NodeId source, LocalGovernmentCode municipality) {
        return source.equals(NodeId.prefecture(municipality.prefecture()));
    }

    /**
     * Records the notices whose municipality owns the person as far as J-LIS knows (the others are
     * parked, see {@link AdmitNotices}), and writes the events of the changes it recorded to the
     * feeds of the subscriptions following their persons (F6), in the same transaction: an event
     * exists exactly when its change does, and a failing fan-out rolls the change back (the notice
     * stays unacknowledged and is sent again).
     */
    @Override
    public void apply(List<ChangeNotice> inOrder) {
        record(admission.admit(notRecordedYet(inOrder)));
    }

    /**
     * After a rebuild from the prefectures' snapshots (F8), a change a snapshot held may still come
     * as a notice: one that the prefecture's outbox numbered after the snapshot's head (it had
     * committed, its notice was not numbered yet). Such a notice is acknowledged without effect:
     * the history already has its change (same change id, from the same prefecture). On a register
     * never rebuilt this costs nothing (no query).
     */
    private List<ChangeNotice> notRecordedYet(List<ChangeNotice> notices) {
        return rebuild.rebuilt() ? AlreadyRecorded.notRecordedYet(jdbc, notices) : notices;
    }

    @Override
    public void applyReleased(ChangeNotice refused) {
        record(admission.retry(refused));
    }

    /**
     * Records in order; a RESYNC (整合性確認's repair, F8) replaces J-LIS's record with the CS's. It is
     * no change of the person, so it makes no event in the subscriptions' feeds.
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
            register.resync(notice.changeId(), notice.source(), notice.sequence(), now, notice.identity(),
                    notice.resync().lastChangeId());
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
        feeds.fanOut(recorded);
    }

    @Configuration(proxyBeanMethods = false)
    static class Node {

        @Bean
        NodeId localNode() {
            return NodeId.national();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
