-- Digests of the register, kept rather than computed (整合性確認, docs/architecture.md F8; read by
-- jp.jukinet.service.register.RegisterDigests). Per municipality and bucket (the first four digits of
-- the resident code): the XOR of SHA-256(resident_code ‖ last_change_id ‖ status) over the bucket's
-- current records, and how many there are. Two tiers holding the same records hold the same digests.
--
-- A trigger on residents keeps them in the transaction that changes a record: it sees the old row
-- and the new one whichever statement changed it (the register's upsert, a change of resident code,
-- a record superseded under another code, the retention purge, or an operator's SQL), so no writer
-- can forget it. XOR is not collision-resistant against someone choosing records: the digests find
-- divergence, they are not evidence.
CREATE TABLE register_digests (
    municipality  char(6)   NOT NULL,
    bucket        char(4)   NOT NULL,
    digest        bit(256)  NOT NULL,
    residents     integer   NOT NULL,
    PRIMARY KEY (municipality, bucket)
) WITH (fillfactor = 50); -- every change rewrites a row: room on its page keeps the update HOT

-- The leaf of one current record. resident_code is 11 digits, last_change_id a 36-character uuid and
-- status a word, so the plain concatenation is unambiguous. The Java side computes the same bytes
-- (RegisterDigests.leaf).
CREATE FUNCTION register_digest_leaf(code char, change_id uuid, status text) RETURNS bit(256)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('x' || encode(sha256(convert_to(code::text || change_id::text || status, 'UTF8')), 'hex'))::bit(256) $$;

-- A digest as 64 lowercase hex digits (all zeros for NULL, the XOR of nothing): how the digests are
-- read and compared, by RegisterDigests and by an operator in psql.
CREATE FUNCTION register_digest_hex(d bit) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(string_agg(to_hex(substring(d FROM i FOR 4)::bit(4)::int), '' ORDER BY i), repeat('0', 64))
   FROM generate_series(1, 256, 4) AS i $$;

CREATE FUNCTION register_digests_follow() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.resident_code = NEW.resident_code AND OLD.last_change_id = NEW.last_change_id
            AND OLD.status = NEW.status AND OLD.municipality = NEW.municipality THEN
        RETURN NULL;  -- nothing the digest covers changed
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE register_digests
        SET digest = digest # register_digest_leaf(OLD.resident_code, OLD.last_change_id, OLD.status),
            residents = residents - 1
        WHERE municipality = OLD.municipality AND bucket = left(OLD.resident_code, 4);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO register_digests (municipality, bucket, digest, residents)
        VALUES (NEW.municipality, left(NEW.resident_code, 4),
                register_digest_leaf(NEW.resident_code, NEW.last_change_id, NEW.status), 1)
        ON CONFLICT (municipality, bucket) DO UPDATE
            SET digest = register_digests.digest # EXCLUDED.digest, residents = register_digests.residents + 1;
    END IF;
    RETURN NULL;
END
$$;

-- The digests of the records already held (bit_xor over bit: PostgreSQL 14 and later).
INSERT INTO register_digests (municipality, bucket, digest, residents)
SELECT municipality, left(resident_code, 4), bit_xor(register_digest_leaf(resident_code, last_change_id, status)),
       count(*)
FROM residents
GROUP BY municipality, left(resident_code, 4);

CREATE TRIGGER register_digests_follow AFTER INSERT OR UPDATE OR DELETE ON residents
    FOR EACH ROW EXECUTE FUNCTION register_digests_follow();

-- TRUNCATE fires no row trigger: it empties the digests with the records.
CREATE FUNCTION register_digests_truncate() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN DELETE FROM register_digests; RETURN NULL; END $$;
CREATE TRIGGER register_digests_truncate AFTER TRUNCATE ON residents
    FOR EACH STATEMENT EXECUTE FUNCTION register_digests_truncate();
