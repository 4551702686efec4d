-- Digests of the register computed when the consistency check (整合性確認, docs/architecture.md F8)
-- asks for them, never kept: read by jp.jukinet.service.register.RegisterDigests. A write pays for
-- this index only (no trigger, no shared row updated in the changing transaction: the kept digests
-- of session 8 deadlocked concurrent batch registrations and cost ~30% of a write).
--
-- The leaf of one current record: the first 64 bits of md5(resident_code ‖ last_change_id ‖ status)
-- as a signed bigint. A bucket's digest is bit_xor of its leaves. resident_code is 11 digits,
-- last_change_id a 36-character uuid and status a word, so the concatenation is unambiguous. 64 bits
-- find divergence (a chance difference cancelling out is 2^-64); they are not evidence against
-- someone choosing records.
CREATE FUNCTION register_digest_leaf(code char, change_id uuid, status text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('x' || left(md5(code::text || change_id::text || status), 16))::bit(64)::bigint $$;

-- What the check covers of a municipality: its current records but those whose last change is a
-- 転出 (MOVE_OUT). A person who moved out lives on at the destination, where the upper tiers' current
-- record is (its municipality is the new one), while the old CS keeps its removed record in its own
-- municipality; compared as they are, every move would be a difference. The record is checked at the
-- destination. The same predicate is written in RegisterDigests, so the planner uses this index.
--
-- Covering (municipality, resident_code) INCLUDE (last_change_id, status): a municipality's digest is
-- one index-only scan of its range, grouped by bucket (the first four digits of the code) in index
-- order.
CREATE INDEX residents_digest ON residents (municipality, resident_code) INCLUDE (last_change_id, status)
    WHERE (identity -> 'change' ->> 'reason') IS DISTINCT FROM 'MOVE_OUT';
