-- The municipal CS keeps the identity information (本人確認情報) of its own residents, the history
-- of every change, and an outbox of change notices that the publisher delivers to the prefecture.
-- A registration writes the resident row, its history row and its outbox row in one transaction.

CREATE TABLE residents (
    resident_code    char(11)    PRIMARY KEY,
    my_number        char(12)    NOT NULL UNIQUE,
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
CREATE INDEX residents_by_name_and_birth ON residents (normalized_name, date_of_birth);

-- One row per committed change, never updated: the resident's full history.
CREATE TABLE resident_history (
    change_id        uuid        PRIMARY KEY,
    resident_code    char(11)    NOT NULL REFERENCES residents (resident_code),
    reason           text        NOT NULL,
    effective_date   date        NOT NULL,
    notified_date    date        NOT NULL,
    snapshot         jsonb       NOT NULL,
    committed_at     timestamptz NOT NULL
);
CREATE INDEX resident_history_by_resident ON resident_history (resident_code, committed_at);

-- Transactional outbox. The per-source sequence number is assigned by the single publisher, in
-- commit order, so that the sequence the prefecture sees has no gaps (a rolled-back transaction
-- would leave a gap in a database sequence).
CREATE TABLE notice_outbox (
    id               bigserial   PRIMARY KEY,
    change_id        uuid        NOT NULL UNIQUE REFERENCES resident_history (change_id),
    sequence         bigint      UNIQUE,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    acknowledged_at  timestamptz
);
CREATE INDEX notice_outbox_pending ON notice_outbox (id) WHERE acknowledged_at IS NULL;

-- Idempotency-Key of each accepted registration, with the answer given, so that a retried request
-- gets the same answer and makes no second change.
CREATE TABLE idempotency_keys (
    idempotency_key  text        PRIMARY KEY,
    request_hash     bytea       NOT NULL,
    change_id        uuid        NOT NULL REFERENCES resident_history (change_id),
    response_status  int         NOT NULL,
    response_body    jsonb       NOT NULL,
    created_at       timestamptz NOT NULL
);

-- Blocks of resident-code serials that the national server allocated to this municipality.
CREATE TABLE resident_code_blocks (
    block_id         uuid        PRIMARY KEY,
    first_serial     bigint      NOT NULL,
    last_serial      bigint      NOT NULL,
    next_serial      bigint      NOT NULL,
    allocated_at     timestamptz NOT NULL,
    CHECK (first_serial <= next_serial AND next_serial <= last_serial + 1)
);
