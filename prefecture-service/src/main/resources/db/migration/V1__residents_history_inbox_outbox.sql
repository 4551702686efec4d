-- The prefecture server keeps the identity information of every resident of its municipalities,
-- with full history, receives change notices from the municipal CSs idempotently and in order per
-- source, and forwards what it committed to the national server through its own outbox.

CREATE TABLE residents (
    resident_code    char(11)    PRIMARY KEY,
    my_number        char(12)    NOT NULL UNIQUE,
    municipality     char(6)     NOT NULL,
    family_name      text        NOT NULL,
    given_name       text        NOT NULL,
    family_kana      text        NOT NULL,
    given_kana       text        NOT NULL,
    former_surname   text,
    alias            text,
    normalized_name  text        NOT NULL,
    date_of_birth    date        NOT NULL,
    sex              text        NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    address          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    last_change_id   uuid        NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX residents_by_municipality ON residents (municipality);
CREATE INDEX residents_by_name_and_birth ON residents (normalized_name, date_of_birth);

-- Every change received, once: (source, source_sequence) is the idempotency key of a notice.
-- Kept until retention_until (notified date + 150 years), then purged.
CREATE TABLE resident_history (
    change_id        uuid        PRIMARY KEY,
    resident_code    char(11)    NOT NULL,
    source           text        NOT NULL,
    source_sequence  bigint      NOT NULL,
    reason           text        NOT NULL,
    effective_date   date        NOT NULL,
    notified_date    date        NOT NULL,
    snapshot         jsonb       NOT NULL,
    received_at      timestamptz NOT NULL,
    retention_until  date        NOT NULL,
    UNIQUE (source, source_sequence)
);
CREATE INDEX resident_history_by_resident ON resident_history (resident_code, received_at);
CREATE INDEX resident_history_by_retention ON resident_history (retention_until);

-- How far each source's notices have been applied: the next one applied is applied_through + 1.
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

-- Outbox towards the national server; sequence is this prefecture's own per-source sequence.
CREATE TABLE notice_outbox (
    id               bigserial   PRIMARY KEY,
    change_id        uuid        NOT NULL UNIQUE REFERENCES resident_history (change_id),
    sequence         bigint      UNIQUE,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    acknowledged_at  timestamptz
);
CREATE INDEX notice_outbox_pending ON notice_outbox (id) WHERE acknowledged_at IS NULL;
