-- 本籍 and the 戸籍の附票 (issue #13; jp.jukinet.cs.fuhyo). The 本籍 is a CS-only item: it is kept
-- here, never in the register's identity JSON, never in a notice up the chain.

-- The 本籍 (and 筆頭者) of this municipality's residents, as the clerks entered it. No row: the person
-- has no 本籍 (a foreign resident, 第30条の45) or it is unknown (本籍不明), and no 附票 notice is sent.
CREATE TABLE permanent_domiciles (
    resident_code    text        PRIMARY KEY,
    municipality     text        NOT NULL,
    domicile         text        NOT NULL,
    head             text,
    updated_at       timestamptz NOT NULL
);

-- The 戸籍の附票 this municipality keeps as the 本籍地: one row per address notified (第19条第1項),
-- from the municipality of residence or written here when the person lives here too. Each notice once.
CREATE TABLE fuhyo_entries (
    id               bigserial   PRIMARY KEY,
    notice_id        uuid        NOT NULL UNIQUE,
    resident_code    text        NOT NULL,
    residence        text        NOT NULL,
    domicile         text        NOT NULL,
    head             text,
    name             jsonb       NOT NULL,
    date_of_birth    date        NOT NULL,
    sex              text        NOT NULL,
    address          text        NOT NULL,
    address_since    date        NOT NULL,
    event            text        NOT NULL,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX fuhyo_entries_person ON fuhyo_entries (resident_code, id);

-- 附票 notices refused here (not this municipality's 本籍, a sender that is not the envelope's
-- source, a 転居 from a municipality the 附票 does not show as the residence): acknowledged so the
-- sender's stream goes on, applied never, kept for the clerks.
CREATE TABLE fuhyo_refusals (
    id               bigserial   PRIMARY KEY,
    notice_id        uuid        NOT NULL,
    source           text        NOT NULL,
    claimed_residence text       NOT NULL,
    claimed_domicile text        NOT NULL,
    resident_code    text        NOT NULL,
    reason           text        NOT NULL CHECK (reason IN ('NOT_THE_DOMICILE', 'SENDER_NOT_SOURCE', 'NOT_THE_RESIDENCE')),
    received_at      timestamptz NOT NULL
);
