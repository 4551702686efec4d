package jp.jukinet.cs.moves;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import jp.jukinet.cs.fuhyo.FuhyoReceiver;
import jp.jukinet.model.move.MoveMessage;
import jp.jukinet.model.notice.NodeId;
import jp.jukinet.model.peer.PeerMessage;
import jp.jukinet.service.peer.PeerInbox;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class MovesConfiguration {

    /**
     * The inbox of move messages from other CSs: ordered and exactly once per sender. The 附票 notices
     * ride the same stream and go to {@link FuhyoReceiver}.
     */
    @Bean
    PeerInbox<MoveMessage> moveInbox(NodeId local, JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
                                     MoveMessages messages, FuhyoReceiver fuhyo) {
        return new PeerInbox<>(local, jdbc, transactions, json,
                json.getTypeFactory().constructParametricType(PeerMessage.class, MoveMessage.class),
                fuhyo.before(messages::apply));
    }
}
