-- Owned by jp.jukinet.service.notice.NoticeInbox (issue #15, a sender restored from a backup).

-- The epoch of each source's notice stream (see db/outbox V84), learnt from its first batch that
-- carries one; a batch of another epoch is refused (409). NULL until then, and for the CS-to-CS
-- streams, which share this table and carry no epoch.
ALTER TABLE inbound_progress ADD COLUMN epoch uuid;

-- Every notice this node applied (or parked), as received, by source and sequence, in the
-- transaction that moved applied_through past it. It answers two questions: is a notice at a
-- sequence already applied the same change (its change id), or has the sender's stream regressed
-- (a sender restored from a backup numbers new changes with sequences it had used: refused, 409);
-- and what did a sender send after its backup (GET /internal/v1/notices/sent: the sender takes its
-- own notices back). Kept like the register's history; the CS-to-CS streams do not write here.
CREATE TABLE inbox_log (
    source       text        NOT NULL,
    sequence     bigint      NOT NULL,
    change_id    uuid        NOT NULL,
    payload      jsonb       NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (source, sequence)
);
