package jp.jukinet.cs.fuhyo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import jp.jukinet.cs.CsSettings;
import jp.jukinet.model.move.FuhyoNotice;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerMessage;

/**
 * The 本籍地's side of the 附票 notice: applied inside the peer inbox's transaction, in the sender's
 * order and exactly once (the inbox by sequence, the 附票 by notice id). A notice is written only when
 * its sender is the envelope's source (the CS the gateway verified) and names itself as the
 * municipality of residence, its 本籍 is in this municipality, and — for a 転居 or a correction —
 * this 附票 shows the sender as the person's residence (or holds nothing of the person yet). Anything
 * else is refused: recorded in {@code fuhyo_refusals} for the clerks, counted in
 * {@code jukinet.fuhyo.refused{reason}}, logged without the person, and acknowledged so the sender's
 * stream goes on (PRODUCT.md F10).
 */
@Component
public class FuhyoReceiver {

    private static final Logger log = LoggerFactory.getLogger(FuhyoReceiver.class);

    /** Changes only the municipality the person lives in makes: the 附票 must show it as the residence. */
    private static final Set<FuhyoNotice.Event> CHANGES_AT_THE_RESIDENCE =
            EnumSet.of(FuhyoNotice.Event.MOVE_WITHIN, FuhyoNotice.Event.EX_OFFICIO_CORRECTION);

    private final CsSettings settings;
    private final Fuhyo fuhyo;
    private final MeterRegistry meters;
    private final Clock clock;

    FuhyoReceiver(CsSettings settings, Fuhyo fuhyo, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.fuhyo = fuhyo;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Wraps the applier of the CS-to-CS stream: the 附票 notices of a batch are applied here, every
     * other message by {@code moves}, each in the order it came.
     */
    public BiConsumer<NodeId, List<PeerMessage<MoveMessage>>> before(BiConsumer<NodeId, List<PeerMessage<MoveMessage>>> moves) {
        return (source, inOrder) -> {
            List<PeerMessage<MoveMessage>> others = new ArrayList<>(inOrder.size());
            for (PeerMessage<MoveMessage> envelope : inOrder) {
                if (envelope.message() instanceof FuhyoNotice notice) {
                    receive(source, notice);
                } else {
                    others.add(envelope);
                }
            }
            if (!others.isEmpty()) {
                moves.accept(source, others);
            }
        };
    }

    void receive(NodeId source, FuhyoNotice notice) {
        Instant now = clock.instant();
        Fuhyo.RefusalReason refusal = null;
        if (!NodeId.cs(notice.residence()).equals(source)) {
            refusal = Fuhyo.RefusalReason.SENDER_NOT_SOURCE;
        } else if (!notice.domicile().municipality().equals(settings.municipality())) {
            refusal = Fuhyo.RefusalReason.NOT_THE_DOMICILE;
        } else if (CHANGES_AT_THE_RESIDENCE.contains(notice.event()) && fuhyo.lastResidence(notice.residentCode())
                .filter(residence -> !residence.equals(notice.residence())).isPresent()) {
            refusal = Fuhyo.RefusalReason.NOT_THE_RESIDENCE;
        }
        if (refusal != null) {
            fuhyo.refuse(source, notice, refusal, now);
            meters.counter("jukinet.fuhyo.refused", "reason", refusal.name()).increment();
            log.warn("附票 notice {} from {} refused: {}", notice.noticeId(), source.value(), refusal);
            return;
        }
        fuhyo.record(Fuhyo.Written.of(notice), now);
        meters.counter("jukinet.fuhyo.recorded").increment();
    }
}
