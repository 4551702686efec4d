-- Owned by jp.jukinet.service.provision.ProvisionRecords; the tiers that provide identity
-- information apply it (flyway location classpath:db/provision): the national and prefecture servers.

-- Provision records (提供状況の記録, flow F7): one row per lookup an agency made, refusals included.
-- Append-only (the trigger below) and hash-chained: hash = SHA-256(previous_hash || canonical row),
-- see jp.jukinet.service.provision.ProvisionChain for the encoding. seq numbers the chain from 1
-- without gaps; it is assigned under the lock of provision_chain_head, so concurrent writers chain
-- one after the other.
CREATE TABLE provision_records (
    seq            bigint      PRIMARY KEY,
    recorded_at    timestamptz NOT NULL,
    recipient      text        NOT NULL,       -- the caller identity that asked, e.g. agency-nenkin
    basis          text        NOT NULL,       -- the id of the rule it asked under
    resident_code  char(11),                   -- the person it was about; null when no one (or several) matched
    lookup_key     text        NOT NULL CHECK (lookup_key IN ('RESIDENT_CODE', 'MY_NUMBER', 'FOUR_INFO')),
    fields         text        NOT NULL,       -- the fields provided, comma-separated, '' when none
    outcome        text        NOT NULL CHECK (outcome IN ('PROVIDED', 'NOT_FOUND', 'AMBIGUOUS', 'REFUSED')),
    refusal        text,                       -- why it was refused (RefusalReason), else null
    previous_hash  bytea       NOT NULL,
    hash           bytea       NOT NULL
);
-- a resident reads the records about themself, newest first
CREATE INDEX provision_records_by_resident ON provision_records (resident_code, seq DESC);

-- A resident reads the records about every resident code they ever held (a 住民票コードの変更 retires
-- one): the register's table of retired codes is read by the current code.
CREATE INDEX IF NOT EXISTS retired_resident_codes_by_current ON retired_resident_codes (current_code);

-- The head of the chain: the last seq and hash. Writers lock this single row (SELECT … FOR UPDATE)
-- for the length of their append, so the chain is extended by one writer at a time.
CREATE TABLE provision_chain_head (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_seq   bigint  NOT NULL,
    last_hash  bytea   NOT NULL
);
INSERT INTO provision_chain_head (only_row, last_seq, last_hash) VALUES (true, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the application never updates or deletes a record; the database refuses it too.
-- (An owner can still disable the trigger: the hash chain is what makes such an edit visible.)
CREATE FUNCTION provision_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'provision_records is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER provision_records_append_only
    BEFORE UPDATE OR DELETE ON provision_records
    FOR EACH ROW EXECUTE FUNCTION provision_records_append_only();
CREATE TRIGGER provision_records_no_truncate
    BEFORE TRUNCATE ON provision_records
    FOR EACH STATEMENT EXECUTE FUNCTION provision_records_append_only();
