-- Owned by jp.jukinet.service.peer.PeerOutbox and PeerPublisher; the nodes that send messages to
-- other nodes of their tier (the CSs: 転出証明書情報, 転入通知) apply it (flyway location
-- classpath:db/peer). The receiving side is the ordered inbox (classpath:db/inbox).

-- Transactional outbox of messages to other nodes, written in the same transaction as the change
-- they announce. Each destination is its own stream: the publisher numbers a destination's rows in
-- commit order under the lock of its row in peer_outbox_state, so each stream has no gaps.
CREATE TABLE peer_outbox (
    id               bigserial   PRIMARY KEY,
    destination      text        NOT NULL,
    sequence         bigint,
    message_id       uuid        NOT NULL UNIQUE,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    UNIQUE (destination, sequence)
);
CREATE INDEX peer_outbox_unnumbered ON peer_outbox (destination, id) WHERE sequence IS NULL;
CREATE INDEX peer_outbox_unacknowledged ON peer_outbox (destination, sequence) WHERE acknowledged_at IS NULL;

CREATE TABLE peer_outbox_state (
    destination      text        PRIMARY KEY,
    last_sequence    bigint      NOT NULL
);
