-- Households (世帯; issue #13; jp.jukinet.cs.household): the CS's own data, entered and changed by
-- 届出 (世帯変更届, and with births and moves). A person is a current member of at most one household;
-- a membership ends (left_on) when they leave it, move out, move abroad or die, and is kept.
CREATE TABLE households (
    household_id     uuid        PRIMARY KEY,
    head             text,
    created_at       timestamptz NOT NULL
);

CREATE TABLE household_members (
    id               bigserial   PRIMARY KEY,
    household_id     uuid        NOT NULL REFERENCES households,
    resident_code    text        NOT NULL,
    relationship     text        NOT NULL,
    joined_on        date        NOT NULL,
    left_on          date,
    left_reason      text
);
CREATE UNIQUE INDEX household_members_current ON household_members (resident_code) WHERE left_on IS NULL;
CREATE INDEX household_members_household ON household_members (household_id) WHERE left_on IS NULL;
