-- The portal's own data: who enrolled with which slip, and their passkeys. Nothing of a resident's
-- record is kept here; the pages read the network under the resident's own certificate each time.
CREATE TABLE portal_residents (
    user_name     text        PRIMARY KEY CHECK (user_name ~ '^r-[0-9a-f-]{36}$'),
    resident_code char(11)    NOT NULL CHECK (resident_code ~ '^[0-9]{11}$'),
    municipality  char(6)     NOT NULL CHECK (municipality ~ '^[0-9]{6}$'),
    -- a slip enrols once
    slip_id       uuid        NOT NULL UNIQUE,
    activated_at  timestamptz NOT NULL,
    enrolled_at   timestamptz,
    version       bigint      NOT NULL DEFAULT 0
);
CREATE INDEX portal_residents_by_resident ON portal_residents (resident_code);

-- Wrong dates of birth per slip: five use the slip up.
CREATE TABLE slip_failures (
    slip_id        uuid        PRIMARY KEY,
    failures       integer     NOT NULL CHECK (failures > 0),
    last_failed_at timestamptz NOT NULL
);

-- Spring Security's WebAuthn tables (JdbcPublicKeyCredentialUserEntityRepository, JdbcUserCredentialRepository),
-- as its schema gives them, with PostgreSQL's bytea for blob.
CREATE TABLE user_entities (
    id           varchar(1000) NOT NULL PRIMARY KEY,
    name         varchar(100)  NOT NULL,
    display_name varchar(200)
);

CREATE TABLE user_credentials (
    credential_id                varchar(1000) NOT NULL PRIMARY KEY,
    user_entity_user_id          varchar(1000) NOT NULL,
    public_key                   bytea         NOT NULL,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       NOT NULL,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       NOT NULL,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) NOT NULL
);
CREATE INDEX user_credentials_by_user ON user_credentials (user_entity_user_id);
