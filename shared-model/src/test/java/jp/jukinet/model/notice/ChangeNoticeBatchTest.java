package jp.jukinet.model.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.jukinet.model.InvalidValueException;

class ChangeNoticeBatchTest {

    static ChangeNotice notice(NodeId source, long sequence) {
        return ChangeNotice.of(ChangeNoticeTest.CHANGE_ID, source, sequence, ChangeNoticeTest.COMMITTED,
                ChangeNoticeTest.BIRTH);
    }

    static final NodeId CHIYODA = NodeId.of("cs-131016");

    @Test
    void holdsOneSourcesNoticesInAscendingOrderWithGaps() {
        List<ChangeNotice> notices = new ArrayList<>(List.of(notice(CHIYODA, 3), notice(CHIYODA, 5), notice(CHIYODA, 9)));
        ChangeNoticeBatch batch = new ChangeNoticeBatch(CHIYODA, notices);
        notices.clear();
        assertThat(batch.notices()).hasSize(3);
        assertThat(batch.lastSequence()).isEqualTo(9);
        assertThatThrownBy(() -> batch.notices().add(notice(CHIYODA, 10)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesEmptyForeignOrUnorderedBatches() {
        assertField(() -> new ChangeNoticeBatch(null, List.of(notice(CHIYODA, 1))), "source");
        assertField(() -> new ChangeNoticeBatch(CHIYODA, List.of()), "notices");
        assertField(() -> new ChangeNoticeBatch(CHIYODA, null), "notices");
        assertField(() -> new ChangeNoticeBatch(CHIYODA, List.of(notice(CHIYODA, 1), notice(NodeId.of("cs-131130"), 2))),
                "notices[1].source");
        assertField(() -> new ChangeNoticeBatch(CHIYODA, List.of(notice(CHIYODA, 2), notice(CHIYODA, 2))),
                "notices[1].sequence");
        assertField(() -> new ChangeNoticeBatch(CHIYODA, List.of(notice(CHIYODA, 3), notice(CHIYODA, 1))),
                "notices[1].sequence");
    }

    @Test
    void anAcknowledgementIsCumulative() {
        Acknowledgement ack = new Acknowledgement(CHIYODA, 7);
        assertThat(ack.covers(1)).isTrue();
        assertThat(ack.covers(7)).isTrue();
        assertThat(ack.covers(8)).isFalse();
        assertThat(new Acknowledgement(CHIYODA, 0).covers(1)).isFalse();
        assertField(() -> new Acknowledgement(CHIYODA, -1), "upToSequence");
        assertField(() -> new Acknowledgement(null, 1), "source");
    }

    private static void assertField(Runnable construction, String field) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
