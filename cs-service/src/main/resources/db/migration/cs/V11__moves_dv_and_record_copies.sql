-- Moves between municipalities (F3), DV support measures and wide-area copies (F4). The messages
-- between CSs travel through the peer outbox (db/peer) and the ordered inbox (db/inbox).

-- Moves out of this municipality (this CS is A): the 転出届 and what became of it.
CREATE TABLE outgoing_moves (
    move_id          uuid        PRIMARY KEY,
    resident_code    char(11)    NOT NULL,
    destination      char(6)     NOT NULL,
    planned_date     date        NOT NULL,          -- 転出予定年月日
    notified_date    date        NOT NULL,          -- 届出年月日 of the 転出届
    new_address      jsonb       NOT NULL,          -- 転出先住所
    card_based       boolean     NOT NULL,          -- 転出届の特例 (第24条の2)
    channel          text        NOT NULL CHECK (channel IN ('COUNTER', 'ONLINE')),
    state            text        NOT NULL CHECK (state IN ('PENDING', 'COMPLETED', 'CANCELLED', 'VOIDED')),
    moved_on         date,                          -- from the 転入通知
    change_id        uuid,                          -- the removal (消除, 転出) it led to
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
-- at most one move-out of a resident is pending at a time
CREATE UNIQUE INDEX outgoing_moves_one_pending ON outgoing_moves (resident_code) WHERE state = 'PENDING';
CREATE INDEX outgoing_moves_by_resident ON outgoing_moves (resident_code, created_at);

-- Moves into this municipality (this CS is B): the 転出証明書情報 received and what became of it. A
-- withdrawal may arrive before its certificate: the row then has no certificate yet, and the
-- certificate, when it comes, does not reopen it.
CREATE TABLE incoming_moves (
    move_id            uuid        PRIMARY KEY,
    resident_code      char(11)    NOT NULL,
    origin             char(6)     NOT NULL,
    certificate        jsonb,
    state              text        NOT NULL CHECK (state IN ('AVAILABLE', 'COMPLETED', 'WITHDRAWN')),
    withdrawal_reason  text        CHECK (withdrawal_reason IN ('CANCELLED', 'DEATH')),
    change_id          uuid,                        -- the 転入 registered on it
    received_at        timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX incoming_moves_by_resident ON incoming_moves (resident_code, received_at);

-- Messages about moves that matched nothing here, or came after the move had ended otherwise (a
-- 転入通知 for a person this CS never had, a 転入通知 after a death): nothing is changed, the stream
-- goes on, and the clerks see them here.
CREATE TABLE move_anomalies (
    id               bigserial   PRIMARY KEY,
    recorded_at      timestamptz NOT NULL,
    move_id          uuid        NOT NULL,
    resident_code    char(11)    NOT NULL,
    counterpart      char(6)     NOT NULL,          -- the other municipality of the move
    kind             text        NOT NULL
);

-- DV support measures (DV等支援措置) standing for a resident of this municipality.
CREATE TABLE dv_protections (
    resident_code          char(11)    PRIMARY KEY,
    restricted_requesters  char(11)[]  NOT NULL,
    end_date               date        NOT NULL,
    set_at                 timestamptz NOT NULL,
    set_by                 text        NOT NULL     -- the clerk system, or the CS the measures came from with a move
);

-- Wide-area copies (広域交付) this CS took part in, as the holder of the record or the issuer.
-- Append-only; refusals included.
CREATE TABLE record_copy_log (
    id                       bigserial   PRIMARY KEY,
    recorded_at              timestamptz NOT NULL,
    request_id               uuid        NOT NULL,
    role                     text        NOT NULL CHECK (role IN ('HOLDER', 'ISSUER')),
    resident_code            char(11)    NOT NULL,
    holder                   char(6)     NOT NULL,
    issuer                   char(6)     NOT NULL,
    requester_resident_code  char(11)    NOT NULL,
    relationship             text        CHECK (relationship IN ('SELF', 'HOUSEHOLD', 'OTHER')),
    items                    text        NOT NULL,  -- the optional items asked for, comma-separated
    outcome                  text        NOT NULL CHECK (outcome IN ('ISSUED', 'NOT_ISSUED')),
    reason                   text,                  -- the holder's reason for not issuing (never sent to the issuer)
    restricted_requester     boolean     NOT NULL,  -- the requester is named in DV support measures
    UNIQUE (request_id, role)
);
CREATE INDEX record_copy_log_by_resident ON record_copy_log (resident_code, recorded_at DESC);

CREATE FUNCTION record_copy_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'record_copy_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER record_copy_log_append_only
    BEFORE UPDATE OR DELETE ON record_copy_log
    FOR EACH ROW EXECUTE FUNCTION record_copy_log_append_only();
