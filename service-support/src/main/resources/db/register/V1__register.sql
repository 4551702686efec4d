-- Owned by jp.jukinet.service.register.ResidentRegister; every tier applies it (flyway location
-- classpath:db/register).

-- The register (same tables at every tier, see jp.jukinet.service.register.ResidentRegister):
-- the current identity information (本人確認情報) of each resident, and every change ever recorded.
CREATE TABLE residents (
    resident_code    char(11)    PRIMARY KEY,
    my_number        char(12)    NOT NULL UNIQUE,
    prefecture       char(2)     NOT NULL,
    municipality     char(6)     NOT NULL,
    normalized_name  text        NOT NULL,
    date_of_birth    date        NOT NULL,
    sex              text        NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    status           text        NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    identity         jsonb       NOT NULL,
    last_change_id   uuid        NOT NULL,
    updated_at       timestamptz NOT NULL,
    retention_until  date        NOT NULL
) WITH (fillfactor = 70); -- room on each page, so that a change that leaves the indexed columns alone is a HOT update
CREATE INDEX residents_by_name_and_birth ON residents (normalized_name, date_of_birth);
CREATE INDEX residents_by_municipality ON residents (municipality);

-- One row per change, never updated; kept until retention_until (notified date + 150 years).
-- (source, source_sequence) is the idempotency key of a received notice; a CS's own changes have
-- no source sequence.
CREATE TABLE resident_history (
    change_id               uuid        PRIMARY KEY,
    resident_code           char(11)    NOT NULL,
    source                  text        NOT NULL,
    source_sequence         bigint,
    reason                  text        NOT NULL,
    effective_date          date        NOT NULL,
    notified_date           date        NOT NULL,
    identity                jsonb       NOT NULL,
    previous_resident_code  char(11),
    recorded_at             timestamptz NOT NULL,
    retention_until         date        NOT NULL,
    UNIQUE (source, source_sequence)
);
CREATE INDEX resident_history_by_resident ON resident_history (resident_code, recorded_at);
CREATE INDEX resident_history_by_retention ON resident_history (retention_until);

-- A resident code replaced by a change of resident code, and the code the person holds now.
CREATE TABLE retired_resident_codes (
    retired_code     char(11)    PRIMARY KEY,
    current_code     char(11)    NOT NULL,
    retired_at       timestamptz NOT NULL
);
