-- Numbering (flow F1). The national server is the only issuer of resident codes and My Numbers,
-- and issues neither twice, across the whole country and all time. Rows of these tables are
-- never deleted, not even by the retention purge: they are what makes "never twice" checkable.

-- One row per numbering scheme. The value only grows; it is advanced by UPDATE … RETURNING in
-- the transaction that records the block it hands out, so a rolled-back allocation leaves no gap
-- and two allocations never see the same value.
CREATE TABLE numbering_counters (
    name        text   PRIMARY KEY,
    next_value  bigint NOT NULL CHECK (next_value >= 0)
);
-- Serials start at 10^9 so that every code has ten significant data digits.
INSERT INTO numbering_counters (name, next_value) VALUES ('resident_code', 1000000000);

-- Blocks of resident-code serials handed to municipalities. The exclusion constraint makes the
-- database itself refuse two blocks that share a serial.
CREATE TABLE resident_code_blocks (
    block_id      uuid        PRIMARY KEY,
    request_id    uuid        NOT NULL UNIQUE,
    municipality  char(6)     NOT NULL,
    first_serial  bigint      NOT NULL UNIQUE,
    last_serial   bigint      NOT NULL UNIQUE,
    allocated_at  timestamptz NOT NULL,
    CHECK (0 <= first_serial AND first_serial <= last_serial AND last_serial < 10000000000),
    EXCLUDE USING gist (int8range(first_serial, last_serial, '[]') WITH &&)
);
CREATE INDEX resident_code_blocks_by_municipality ON resident_code_blocks (municipality, first_serial);

-- Every My Number ever issued, current or retired (個人番号の変更). The primary key is the
-- guarantee that no number is issued twice; the partial unique index that a resident code has at
-- most one current number. derivation_counter is the counter the keyed derivation used, so that
-- a number can be re-derived from (key, resident code, counter) when auditing.
CREATE TABLE issued_my_numbers (
    my_number           char(12)    PRIMARY KEY,
    resident_code       char(11)    NOT NULL,
    derivation_counter  integer     NOT NULL CHECK (derivation_counter >= 0),
    issued_at           timestamptz NOT NULL,
    retired_at          timestamptz,
    UNIQUE (resident_code, derivation_counter),
    CHECK (retired_at IS NULL OR retired_at >= issued_at)
);
CREATE UNIQUE INDEX issued_my_numbers_current ON issued_my_numbers (resident_code) WHERE retired_at IS NULL;

-- The answer given to each My Number request, so that a retry (same request id) gets the same
-- numbers and a retried reissue does not change a number twice. resident_codes and my_numbers
-- are parallel arrays in the order of the request.
CREATE TABLE my_number_requests (
    request_id      uuid        PRIMARY KEY,
    reissue         boolean     NOT NULL,
    resident_codes  char(11)[]  NOT NULL,
    my_numbers      char(12)[]  NOT NULL,
    answered_at     timestamptz NOT NULL,
    CHECK (cardinality(resident_codes) = cardinality(my_numbers))
);
