-- Owned by jp.jukinet.prefecture.numbering.NumberingRelay (issue #15, F8 "Rebuild of J-LIS").
-- A copy of every block of resident codes this prefecture relayed from J-LIS to one of its
-- municipalities, written before the block is handed to the CS: J-LIS alone allocates resident
-- codes, so if its database is lost these copies (one set per prefecture) are what tells the
-- rebuilt J-LIS which codes it had already allocated and to whom, so that none is allocated twice.
-- A retried request is answered with the same block: one row per block. Rows are never deleted.
CREATE TABLE relayed_code_blocks (
    block_id      uuid        PRIMARY KEY,
    request_id    uuid        NOT NULL,
    municipality  char(6)     NOT NULL,
    -- the block's codes in the order the municipality gives them out (their position in the block)
    codes         char(11)[]  NOT NULL CHECK (cardinality(codes) BETWEEN 1 AND 100000),
    relayed_at    timestamptz NOT NULL
);
