-- Provision by the municipality (住基法 第30条の14, F5) and its records (F7) at the CS: the same tables
-- as service-support's db/provision V4 (owned by jp.jukinet.service.provision.ProvisionRecords; see
-- there for each column), applied here at V40 because CS databases were already past V4 when the CS
-- began to provide (a lower version would not be applied to them). Keep the two in step.
CREATE TABLE provision_records (
    seq            bigint      PRIMARY KEY,
    recorded_at    timestamptz NOT NULL,
    recipient      text        NOT NULL,
    basis          text        NOT NULL,
    resident_code  char(11),
    lookup_key     text        NOT NULL CHECK (lookup_key IN ('RESIDENT_CODE', 'MY_NUMBER', 'FOUR_INFO')),
    fields         text        NOT NULL,
    outcome        text        NOT NULL CHECK (outcome IN ('PROVIDED', 'NOT_FOUND', 'AMBIGUOUS', 'REFUSED')),
    refusal        text,
    previous_hash  bytea       NOT NULL,
    hash           bytea       NOT NULL
);
CREATE INDEX provision_records_by_resident ON provision_records (resident_code, seq DESC);
CREATE INDEX IF NOT EXISTS retired_resident_codes_by_current ON retired_resident_codes (current_code);

CREATE TABLE provision_chain_head (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_seq   bigint  NOT NULL,
    last_hash  bytea   NOT NULL
);
INSERT INTO provision_chain_head (only_row, last_seq, last_hash) VALUES (true, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

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
