-- The national server (J-LIS) keeps the latest identity information of every resident and the
-- whole history, each record until its retention end (notified date + 150 years); it receives
-- notices from the prefecture servers idempotently and in order per source; and it is the only
-- issuer of resident codes and My Numbers, which it never issues twice.

CREATE TABLE residents (
    resident_code    char(11)    PRIMARY KEY,
    my_number        char(12)    NOT NULL UNIQUE,
    prefecture       char(2)     NOT NULL,
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
    updated_at       timestamptz NOT NULL,
    retention_until  date        NOT NULL
);
CREATE INDEX residents_by_name_and_birth ON residents (normalized_name, date_of_birth);
CREATE INDEX residents_by_municipality ON residents (municipality);

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

CREATE TABLE inbound_progress (
    source           text        PRIMARY KEY,
    applied_through  bigint      NOT NULL CHECK (applied_through >= 0)
);

CREATE TABLE held_notices (
    source           text        NOT NULL,
    sequence         bigint      NOT NULL,
    payload          jsonb       NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (source, sequence)
);

-- Numbering. Resident-code serials are handed out in blocks from one counter that only grows, so
-- no serial (and so no resident code) can be issued twice; every issued resident code and My Number
-- is also kept for ever in a table whose primary key refuses a duplicate, retired numbers included.
CREATE TABLE numbering_counters (
    name             text        PRIMARY KEY,
    next_value       bigint      NOT NULL
);
INSERT INTO numbering_counters (name, next_value) VALUES ('resident-code-serial', 1000000000);

CREATE TABLE resident_code_blocks (
    block_id         uuid        PRIMARY KEY,
    municipality     char(6)     NOT NULL,
    first_serial     bigint      NOT NULL UNIQUE,
    last_serial      bigint      NOT NULL UNIQUE,
    allocated_at     timestamptz NOT NULL,
    CHECK (first_serial <= last_serial)
);

CREATE TABLE issued_my_numbers (
    my_number        char(12)    PRIMARY KEY,
    resident_code    char(11)    NOT NULL,
    issued_at        timestamptz NOT NULL,
    retired_at       timestamptz
);
CREATE INDEX issued_my_numbers_by_resident ON issued_my_numbers (resident_code);
