-- Owned by jp.jukinet.service.notice.NoticeOutbox and NoticePublisher; the tiers that send notices
-- up the chain (CS, prefecture) apply it (flyway location classpath:db/outbox).

-- Transactional outbox of change notices to the next tier, written in the same transaction as the
-- change. The per-source sequence number is assigned by the single publisher in commit order
-- (under the row lock on notice_outbox_state), so the stream the receiver sees has no gaps.
CREATE TABLE notice_outbox (
    id                      bigserial   PRIMARY KEY,
    change_id               uuid        NOT NULL UNIQUE,
    sequence                bigint      UNIQUE,
    resident_code           char(11)    NOT NULL,
    reason                  text        NOT NULL,
    effective_date          date        NOT NULL,
    notified_date           date        NOT NULL,
    identity                jsonb       NOT NULL,
    previous_resident_code  char(11),
    previous_my_number      char(12),
    committed_at            timestamptz NOT NULL,
    created_at              timestamptz NOT NULL,
    acknowledged_at         timestamptz
);
CREATE INDEX notice_outbox_unnumbered ON notice_outbox (id) WHERE sequence IS NULL;
CREATE INDEX notice_outbox_unacknowledged ON notice_outbox (sequence) WHERE acknowledged_at IS NULL;

CREATE TABLE notice_outbox_state (
    id               int         PRIMARY KEY CHECK (id = 1),
    last_sequence    bigint      NOT NULL
);
INSERT INTO notice_outbox_state (id, last_sequence) VALUES (1, 0);
