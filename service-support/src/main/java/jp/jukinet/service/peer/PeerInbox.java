package jp.jukinet.service.peer;

import java.util.List;
import java.util.function.BiConsumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.model.notice.Acknowledgement;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerBatch;
import jp.jukinet.model.peer.PeerMessage;
import jp.jukinet.service.notice.OrderedInbox;
import jp.jukinet.service.web.Refusal;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives batches of messages from other nodes: only batches addressed to this node, only from
 * the caller the gateway verified, each source's messages applied in order and exactly once (an
 * {@link OrderedInbox}), in one transaction per batch whose commit the acknowledgement reports.
 *
 * @param <M> the kind of message
 */
public class PeerInbox<M> {

    private final NodeId local;
    private final OrderedInbox<PeerMessage<M>> inbox;
    private final TransactionTemplate transactions;
    private final BiConsumer<NodeId, List<PeerMessage<M>>> applier;

    /**
     * @param messageType the type of a {@code PeerMessage<M>}, as JSON reads it
     * @param applier     applies a source's messages, in order, inside the receiving transaction
     */
    public PeerInbox(NodeId local, JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
                     JavaType messageType, BiConsumer<NodeId, List<PeerMessage<M>>> applier) {
        this.local = local;
        this.inbox = new OrderedInbox<>(jdbc, json, messageType, PeerMessage::sequence);
        this.transactions = transactions;
        this.applier = applier;
    }

    /**
     * @param caller the caller the gateway verified
     * @return the cumulative acknowledgement of the batch's source
     * @throws Refusal (forbidden) when the caller is not the batch's source or the batch is not for
     *                 this node
     */
    public Acknowledgement receive(PeerBatch<M> batch, String caller) {
        if (!batch.source().value().equals(caller)) {
            throw Refusal.forbidden("source", caller + " may not send messages of " + batch.source());
        }
        if (!batch.destination().equals(local)) {
            throw Refusal.forbidden("destination", "this is " + local + ", not " + batch.destination());
        }
        long appliedThrough = transactions.execute(status -> inbox.receive(batch.source().value(), batch.messages(),
                inOrder -> applier.accept(batch.source(), inOrder)));
        return new Acknowledgement(batch.source(), appliedThrough);
    }

    /** How far a source's messages are applied. */
    public long appliedThrough(NodeId source) {
        return inbox.appliedThrough(source.value());
    }
}
