-- The CS's own tables, beside the shared register (V1) and outbox (V2).

-- Idempotency-Key of each accepted registration, with the answer given, so that a retried request
-- gets the same answer and makes no second change.
CREATE TABLE idempotency_keys (
    idempotency_key  text        PRIMARY KEY,
    request_hash     bytea       NOT NULL,
    change_id        uuid        NOT NULL,
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
