package jp.jukinet.prefecture.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.model.notice.ChangeNotice;
import jp.jukinet.model.notice.ChangeNoticeBatch;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.service.notice.EncodedBatch;
import jp.jukinet.service.notice.NoticeOutbox;
import jp.jukinet.service.notice.NoticePublisher;
import jp.jukinet.service.notice.NoticeSender;
import jp.jukinet.service.notice.SentNotices;
import jp.jukinet.service.register.RecordedChange;
import jp.jukinet.testsupport.ServiceIntegrationTest;

/**
 * The publisher writes batches straight from its outbox rows; what it writes must read back, under
 * the wire mapping, as exactly the notices that were committed, in order, numbered without gaps.
 * The uplink holds nothing of this node's stream (so the publisher numbers) and takes no batch (so
 * the notices stay pending).
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "jukinet.outbox.uplink=https://127.0.0.1:9")
@Import(EncodedBatchTest.EmptyUplink.class)
class EncodedBatchTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class EmptyUplink {

        @Bean
        @Primary
        NoticeSender emptyUplink() {
            return new NoticeSender() {
                @Override
                public jp.jukinet.model.notice.Acknowledgement send(EncodedBatch batch) {
                    throw new IllegalStateException("the uplink takes no batch in this test");
                }

                @Override
                public SentNotices sent(NodeId source, long after, int limit) {
                    return new SentNotices(source, null, 0, null, List.of());
                }
            };
        }
    }

    @Autowired
    NoticeOutbox outbox;

    @Autowired
    NoticePublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theEncodedBatchReadsBackAsTheCommittedNotices() {
        LocalDate day = LocalDate.of(2026, 11, 20);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ResidentCode code = ResidentCode.fromSerial(1_234_567_890L);
        IdentityInformation born = identity(code, MyNumber.fromData(98_765_432_109L), ChangeReason.BIRTH, day);
        ResidentCode newCode = ResidentCode.fromSerial(1_234_567_891L);
        IdentityInformation recoded = identity(newCode, MyNumber.fromData(98_765_432_109L),
                ChangeReason.RESIDENT_CODE_CHANGE, day.plusDays(1));
        List<RecordedChange> changes = List.of(
                new RecordedChange(UUID.randomUUID(), NodeId.of("cs-131016"), 7L, at, born, null, null),
                new RecordedChange(UUID.randomUUID(), NodeId.of("cs-131016"), 8L, at, recoded, code, null));
        UUID resync = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            outbox.appendAll(changes);
            // a RESYNC forwarded: the record sent again, with the version it carries
            outbox.appendResync(resync, born, changes.get(0).changeId(), at);
        });
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM notice_outbox WHERE sequence IS NULL").query(Long.class).single() == 0);

        EncodedBatch encoded = publisher.encodePending();
        ChangeNoticeBatch batch = JukiNetJson.mapper().readValue(encoded.json(), ChangeNoticeBatch.class);

        NodeId self = NodeId.of("pref-13");
        assertThat(batch.source()).isEqualTo(self);
        assertThat(encoded.firstSequence()).isEqualTo(1);
        assertThat(encoded.lastSequence()).isEqualTo(3);
        ChangeNotice birth = ChangeNotice.of(changes.get(0).changeId(), self, 1, at, born);
        assertThat(batch.notices()).containsExactly(
                birth,
                ChangeNotice.of(changes.get(1).changeId(), self, 2, at, recoded, code, null),
                new ChangeNotice(ChangeNotice.CURRENT_VERSION, resync, self, 3, code, ChangeReason.BIRTH, day, day, at,
                        born, null, null, new ChangeNotice.Resync(changes.get(0).changeId())));
        assertThat(batch.notices().get(2).resync()).isNotNull();
        assertThat(birth.resync()).isNull();
        // an ordinary notice's JSON has no resync field: an older reader sees nothing new
        assertThat(new String(encoded.json(), java.nio.charset.StandardCharsets.UTF_8).split("\"resync\"", -1)).hasSize(2);
    }

    private static IdentityInformation identity(ResidentCode code, MyNumber number, ChangeReason reason, LocalDate day) {
        return new IdentityInformation(code, number, PersonName.of("山田", "花子", "ヤマダ", "ハナコ"), day.minusYears(1),
                Sex.FEMALE, new Address("東京都千代田区千代田1番1号"), LocalGovernmentCode.of("131016"),
                ResidentStatus.ACTIVE, new ChangeInformation(reason, day, day));
    }
}
