-- Random resident codes (住基法施行規則 第1条: 無作為に作成された十けたの数字 and the check digit).
-- J-LIS no longer hands out consecutive serials from numbering_counters: each block is a list of
-- codes drawn at random, each unique nationally against every code ever allocated. The blocks of
-- consecutive serials allocated before stay in resident_code_blocks (their codes stay valid, and
-- no code of theirs is ever drawn again); new blocks get a row there too, without a range, for
-- their request id (a retry gets the same block) and their size. numbering_counters is no longer
-- advanced and is kept for the record.

ALTER TABLE resident_code_blocks
    ALTER COLUMN first_serial DROP NOT NULL,
    ALTER COLUMN last_serial DROP NOT NULL,
    ADD COLUMN size integer;
UPDATE resident_code_blocks SET size = last_serial - first_serial + 1;
ALTER TABLE resident_code_blocks
    ALTER COLUMN size SET NOT NULL,
    ADD CONSTRAINT resident_code_blocks_size CHECK (size BETWEEN 1 AND 100000),
    ADD CONSTRAINT resident_code_blocks_range_or_list CHECK ((first_serial IS NULL) = (last_serial IS NULL)),
    ADD CONSTRAINT resident_code_blocks_range_size CHECK (first_serial IS NULL OR size = last_serial - first_serial + 1);

-- The exclusion constraint against overlapping ranges now covers the blocks that have a range
-- (int8range(NULL, NULL) would be the unbounded range and overlap everything).
DO $$
DECLARE
    excl text;
BEGIN
    SELECT conname INTO excl FROM pg_constraint
    WHERE conrelid = 'resident_code_blocks'::regclass AND contype = 'x';
    EXECUTE format('ALTER TABLE resident_code_blocks DROP CONSTRAINT %I', excl);
END
$$;
ALTER TABLE resident_code_blocks ADD CONSTRAINT resident_code_blocks_ranges_disjoint
    EXCLUDE USING gist (int8range(first_serial, last_serial, '[]') WITH &&) WHERE (first_serial IS NOT NULL);

-- Every code of a block of random codes, with the municipality it was allocated to. The primary
-- key is what makes "never allocated twice" hold, whatever concurrent allocations do; position is
-- the code's place in its block (the order the municipality gives the codes out, and a retry's
-- answer). Rows are never deleted.
CREATE TABLE allocated_resident_codes (
    resident_code  char(11)    PRIMARY KEY,
    municipality   char(6)     NOT NULL,
    block_id       uuid        NOT NULL REFERENCES resident_code_blocks (block_id),
    position       integer     NOT NULL CHECK (position >= 0),
    allocated_at   timestamptz NOT NULL,
    UNIQUE (block_id, position)
);

-- Which municipality asked each My Number request: a retry is answered only to it.
-- NULL for requests answered before this column existed.
ALTER TABLE my_number_requests ADD COLUMN municipality char(6);
