-- The window's own data: its clerks' accounts. Nothing of a resident is kept here; the pages read
-- the CS through the gateway each time.
CREATE TABLE clerk_accounts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login_id        text        NOT NULL UNIQUE CHECK (login_id ~ '^[a-z][a-z0-9._-]{2,31}$'),
    -- bcrypt ({bcrypt} not prefixed: the window has one encoder)
    password_hash   text        NOT NULL CHECK (password_hash LIKE '$2%'),
    municipality    char(6)     NOT NULL CHECK (municipality ~ '^[0-9]{6}$'),
    display_name    text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    failed_attempts integer     NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0
);
