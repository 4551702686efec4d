-- A downstream system's own tables (F9). Each system (card management, JPKI, the information-provision
-- network) runs on its own database; a holder uses feed_position, applied_events, holdings and
-- webhook_nonces, the information-provision network agency_codes.

-- The one subscription this system follows at J-LIS, and the last sequence of its feed it applied:
-- every event is applied exactly once, in sequence, in the transaction that advances this row.
CREATE TABLE feed_position (
    subscription_id uuid PRIMARY KEY,
    applied_through bigint NOT NULL DEFAULT 0 CHECK (applied_through >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
);

-- Which channel brought each applied event (webhook or pull): the key makes a second application of a
-- sequence fail the transaction, so "exactly once" is the database's word, not only the code's.
CREATE TABLE applied_events (
    sequence bigint PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('WEBHOOK', 'PULL')),
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- What the system holds of each person it issued a card (or certificates) to: the identity
-- information it needs, kept in step with J-LIS, and the state of the card or certificates.
CREATE TABLE holdings (
    resident_code char(11) PRIMARY KEY,
    family_name text,
    given_name text,
    date_of_birth date,
    sex text,
    address text,
    status text NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    credential text NOT NULL,
    credential_reason text,
    last_reason text,
    last_change_date date,
    last_sequence bigint NOT NULL DEFAULT 0,
    enrolled_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Nonces of accepted webhook requests, until their window has passed: a replay is refused also after a restart.
CREATE TABLE webhook_nonces (
    nonce text PRIMARY KEY,
    forget_after timestamptz NOT NULL
);

-- The information-provision network: the 機関別符号 it derived from each resident code J-LIS gave it.
-- Never a My Number: it arrives in a request, is sent to J-LIS, and is forgotten.
CREATE TABLE agency_codes (
    resident_code char(11) PRIMARY KEY,
    agency_code text NOT NULL UNIQUE,
    derived_at timestamptz NOT NULL
);
