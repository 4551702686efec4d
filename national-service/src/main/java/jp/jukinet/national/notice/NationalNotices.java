package jp.jukinet.national.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.notice.Tier;
import jp.jukinet.service.notice.NoticeApplier;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.service.register.ResidentRegister;

/**
 * The national server takes notices from the prefecture servers and records them in its
 * register, the latest state of every resident and the whole history.
 */
@Component
class NationalNotices implements NoticeApplier {

    private final ResidentRegister register;
    private final Clock clock;

    NationalNotices(ResidentRegister register, Clock clock) {
        this.register = register;
        this.clock = clock;
    }

    @Override
    public boolean accepts(NodeId source) {
        return source.tier() == Tier.PREFECTURAL;
    }

    @Override
    public void apply(List<ChangeNotice> inOrder) {
        Instant now = clock.instant();
        register.record(inOrder.stream()
                .map(notice -> new RecordedChange(notice.changeId(), notice.source(), notice.sequence(), now,
                        notice.identity(), notice.previousResidentCode(), notice.previousMyNumber()))
                .toList());
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
