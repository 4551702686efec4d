-- Signed chain heads (issue #15, "evidence no operator can rewrite"; jp.jukinet.provision.heads).
-- The head of a node's provision records (F7) lives in the database it protects, so an operator
-- could cut the tail and reset it. Each node therefore signs its head with an Ed25519 key held
-- outside the database (issued by dev-pki) and hands it to the tiers beside it: J-LIS's heads are
-- kept at every prefecture, each prefecture's at J-LIS. These tables are where a node keeps the
-- heads OTHER nodes signed; its own chain is checked against the copies the others keep.

-- Heads received from their owner, forward only: a row is added only when its seq is above the
-- owner's last one here and the owner's chain still had the last one's hash at its seq (the
-- signed witness). Append-only like the records they anchor.
CREATE TABLE provision_heads_held (
    owner         text        NOT NULL,   -- the node whose chain it is, e.g. national, pref-13
    seq           bigint      NOT NULL,   -- the chain's last seq when signed
    hash          bytea       NOT NULL,   -- the chain's hash at seq
    signed_at     timestamptz NOT NULL,
    witness_seq   bigint      NOT NULL,   -- the seq of the head held here before (0: none)
    witness_hash  bytea       NOT NULL,   -- the owner's chain hash at witness_seq when it signed
    signature     bytea       NOT NULL,   -- Ed25519 over jp.jukinet.provision.heads.SignedHead#payload
    received_at   timestamptz NOT NULL,
    PRIMARY KEY (owner, seq)
);

-- Heads that contradict what is held: a lower seq than the last held (the chain went back: a
-- truncation), or another hash at a seq held (a rewrite). Kept as received, signature included:
-- the owner's own signed statement is the evidence. Never applied, never deleted by the application.
CREATE TABLE provision_head_conflicts (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner         text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('REGRESSION', 'REWRITE')),
    held_seq      bigint      NOT NULL,   -- the head held here that the received one contradicts
    held_hash     bytea       NOT NULL,
    seq           bigint      NOT NULL,   -- the received head, as signed
    hash          bytea       NOT NULL,
    signed_at     timestamptz NOT NULL,
    witness_seq   bigint      NOT NULL,
    witness_hash  bytea       NOT NULL,
    signature     bytea       NOT NULL,
    detected_at   timestamptz NOT NULL
);
CREATE INDEX provision_head_conflicts_by_owner ON provision_head_conflicts (owner, id);

CREATE FUNCTION provision_heads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER provision_heads_held_append_only
    BEFORE UPDATE OR DELETE ON provision_heads_held
    FOR EACH ROW EXECUTE FUNCTION provision_heads_append_only();
CREATE TRIGGER provision_head_conflicts_append_only
    BEFORE UPDATE OR DELETE ON provision_head_conflicts
    FOR EACH ROW EXECUTE FUNCTION provision_heads_append_only();
