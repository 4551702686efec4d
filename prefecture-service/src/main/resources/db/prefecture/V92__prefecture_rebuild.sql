-- The rebuild of a prefecture server from its CSs after the loss of its database, and a prefecture
-- server restored from a backup taking back what it had sent J-LIS (issue #15, F8 "Rebuild of a
-- prefecture server"; jp.jukinet.prefecture.rebuild). The same tables as J-LIS's rebuild (national
-- V89), owned by the shared jp.jukinet.service.rebuild classes, PrefectureRebuild and PrefectureTakeBack.

-- Whether this prefecture server is being rebuilt. No row: it never was (the normal state).
-- TOOK_BACK: it was restored from a backup and took back notices it had sent J-LIS; like REBUILT,
-- its register holds changes whose CS notices may arrive again (recognised by their change id).
CREATE TABLE rebuild_state (
    id           int         PRIMARY KEY CHECK (id = 1),
    state        text        NOT NULL CHECK (state IN ('REBUILDING', 'REBUILT', 'TOOK_BACK')),
    entered_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    CHECK ((state = 'REBUILDING') = (finished_at IS NULL))
);

-- One row per CS whose snapshot was loaded, in the transaction that loaded it: a rebuild run again
-- after a failure loads only the CSs not loaded yet. outbox_head is the CS's outbox head at its
-- snapshot (this server's applied_through for it was set to it); applied_through is '{}' (a CS
-- receives no notices up the chain).
CREATE TABLE rebuild_loads (
    source           text        PRIMARY KEY,
    outbox_head      bigint      NOT NULL CHECK (outbox_head >= 0),
    applied_through  jsonb       NOT NULL,
    taken_at         timestamptz NOT NULL,
    residents        bigint      NOT NULL,
    history          bigint      NOT NULL,
    retired_codes    bigint      NOT NULL,
    blocks           bigint      NOT NULL,
    loaded_at        timestamptz NOT NULL
);

-- The CSs' current records, staged until every CS is loaded: a person who moved between two
-- municipalities of this prefecture has a record at both CSs (removed by the 転出 at one, in force
-- at the other); the rebuild keeps one (the newest residence) and empties this table.
CREATE TABLE rebuild_residents (
    source           text        NOT NULL,
    resident_code    char(11)    NOT NULL,
    my_number        char(12)    NOT NULL,
    prefecture       char(2)     NOT NULL,
    municipality     char(6)     NOT NULL,
    normalized_name  text        NOT NULL,
    date_of_birth    date        NOT NULL,
    sex              text        NOT NULL,
    status           text        NOT NULL,
    identity         jsonb       NOT NULL,
    last_change_id   uuid        NOT NULL,
    updated_at       timestamptz NOT NULL,
    retention_until  date        NOT NULL,
    PRIMARY KEY (source, resident_code)
);

-- The previous My Number of each change of My Number in the CSs' snapshots (the history does not
-- keep it; a notice carries it): the changes J-LIS lacks are put in the outbox with it when every CS
-- is loaded, and this table is emptied.
CREATE TABLE rebuild_previous_my_numbers (
    change_id           uuid      PRIMARY KEY,
    previous_my_number  char(12)  NOT NULL
);
