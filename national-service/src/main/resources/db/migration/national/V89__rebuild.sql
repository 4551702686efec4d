-- The rebuild of J-LIS from the prefecture servers after the loss of its database (issue #15,
-- F8 "Rebuild of J-LIS"; jp.jukinet.national.rebuild). Owned by NationalRebuild and RebuildState.

-- Whether this national server is being rebuilt. No row: it never was (the normal state). The
-- state is kept here, not only in memory, so that a server restarted half-way through a rebuild
-- stays closed (its register is partial) until the rebuild finishes.
CREATE TABLE rebuild_state (
    id           int         PRIMARY KEY CHECK (id = 1),
    state        text        NOT NULL CHECK (state IN ('REBUILDING', 'REBUILT')),
    entered_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    CHECK ((state = 'REBUILT') = (finished_at IS NOT NULL))
);

-- One row per prefecture whose snapshot was loaded, in the transaction that loaded it: a rebuild
-- run again after a failure loads only the prefectures not loaded yet. outbox_head is the
-- prefecture's outbox head at its snapshot (J-LIS's applied_through for it was set to it);
-- applied_through is the prefecture's applied_through per CS at the snapshot, kept as evidence.
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

-- The current records of the prefectures' snapshots, staged until every prefecture is loaded:
-- a person who moved between prefectures has a record at each (removed by the 転出 at one, in
-- force at the other), and a person whose resident code changed after a move has one under the
-- old code at the first; the rebuild keeps one record per person (the newest residence) when it
-- finishes, and empties this table.
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
