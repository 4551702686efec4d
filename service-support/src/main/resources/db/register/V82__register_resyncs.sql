-- Every RESYNC (整合性確認's repair, docs/architecture.md F8) a node applied, sent or could not send,
-- never updated or deleted: what the record was before it was replaced (evidence an operator reads),
-- and what replaced it. Owned by jp.jukinet.service.register.ResidentRegister#resync.
CREATE TABLE register_resyncs (
    change_id            uuid        PRIMARY KEY,  -- the RESYNC notice's own id
    resident_code        char(11)    NOT NULL,
    source               text        NOT NULL,     -- the CS whose record it carries
    source_sequence      bigint,                   -- the notice's sequence at the receiver; NULL at the sender
    last_change_id       uuid        NOT NULL,     -- the version carried: the CS's record's last change
    replaced_change_id   uuid,                     -- the receiver's record before (NULL: it had none)
    replaced_status      text,
    replaced_identity    jsonb,
    replaced             boolean     NOT NULL,     -- false where a newer residence's record stayed current
    recorded_at          timestamptz NOT NULL
);
CREATE INDEX register_resyncs_by_resident ON register_resyncs (resident_code, recorded_at);
