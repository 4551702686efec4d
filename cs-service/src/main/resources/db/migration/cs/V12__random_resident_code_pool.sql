-- J-LIS now allocates blocks of resident codes drawn at random (住基法施行規則 第1条): a block is a
-- list of codes, not a range of serials. The pool takes codes from these lists, in the order J-LIS
-- gave them. What is left of the blocks of consecutive serials (resident_code_blocks) is never
-- handed out: consecutive codes can be walked, and J-LIS has allocated those serials to this
-- municipality only, so leaving them unused takes nothing from anyone. That table stays for the
-- record.

-- One row per block: the pool's lock point. A take locks the oldest block that has codes left
-- (FOR UPDATE; concurrent takes wait for it rather than skip it) and moves next_position on.
CREATE TABLE resident_code_pool_blocks (
    block_id       uuid        PRIMARY KEY,
    seq            bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    size           integer     NOT NULL CHECK (size BETWEEN 1 AND 100000),
    next_position  integer     NOT NULL DEFAULT 0,
    allocated_at   timestamptz NOT NULL,
    CHECK (0 <= next_position AND next_position <= size)
);
CREATE INDEX resident_code_pool_blocks_with_codes_left ON resident_code_pool_blocks (seq) WHERE next_position < size;

-- The codes of each block, by their position in it (0 .. size - 1).
CREATE TABLE resident_code_pool (
    block_id       uuid     NOT NULL REFERENCES resident_code_pool_blocks (block_id),
    position       integer  NOT NULL CHECK (position >= 0),
    resident_code  char(11) NOT NULL UNIQUE,
    PRIMARY KEY (block_id, position)
);
