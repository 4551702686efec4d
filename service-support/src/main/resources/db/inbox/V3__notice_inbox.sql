-- Owned by jp.jukinet.service.notice.NoticeInbox; the tiers that receive notices (prefecture,
-- national) apply it (flyway location classpath:db/inbox).

-- How far each source's notices are applied: the next one applied is applied_through + 1.
CREATE TABLE inbound_progress (
    source           text        PRIMARY KEY,
    applied_through  bigint      NOT NULL CHECK (applied_through >= 0)
);

-- Notices that arrived ahead of a gap, held until the gap is filled (never skipped).
CREATE TABLE held_notices (
    source           text        NOT NULL,
    sequence         bigint      NOT NULL,
    payload          jsonb       NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (source, sequence)
);
