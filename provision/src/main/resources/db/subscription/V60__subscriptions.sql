-- Push-type notification (プッシュ型通知, F6) at the national server: subscriptions, their targets
-- and their event feeds (flyway location classpath:db/subscription, national server only).

-- A subscription: an agency (recipient, its certificate identity) follows persons under one of its
-- provision rules (basis). Created and edited through JPA (jp.jukinet.provision.subscription.Subscription,
-- optimistic version); head is written only by the fan-out, on JDBC, in the national change's transaction.
CREATE TABLE subscriptions (
    id            uuid        PRIMARY KEY,
    recipient     text        NOT NULL,
    basis         text        NOT NULL,
    mode          text        NOT NULL CHECK (mode IN ('EVERY_CHANGE', 'BATCHED', 'SURVIVAL', 'MILESTONE_AGE', 'AS_OF')),
    frequency     text        CHECK (frequency IN ('DAILY', 'WEEKLY', 'MONTHLY')),
    milestone_age integer,
    as_of         date,
    target        text        NOT NULL CHECK (target IN ('LISTED', 'CRITERION')),
    endpoint      text,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'CANCELLED')),
    head          bigint      NOT NULL DEFAULT 0 CHECK (head >= 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL,
    CHECK ((mode = 'BATCHED') = (frequency IS NOT NULL))
);
-- an agency lists its own subscriptions
CREATE INDEX subscriptions_by_recipient ON subscriptions (recipient, created_at, id);
-- the fan-out reads the (few) active criterion subscriptions for every change
CREATE INDEX subscriptions_active_criteria ON subscriptions (id) WHERE target = 'CRITERION' AND status = 'ACTIVE';

-- Listed targets, keyed by resident code: a change finds its subscriptions by index, whatever the
-- size of their target lists. A 住民票コードの変更 moves the rows to the new code.
CREATE TABLE subscription_targets (
    resident_code   char(11) NOT NULL,
    subscription_id uuid     NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    PRIMARY KEY (resident_code, subscription_id)
);
-- a subscription's targets counted or dropped
CREATE INDEX subscription_targets_by_subscription ON subscription_targets (subscription_id);

-- The feeds: gap-free sequence per subscription from 1, taken from subscriptions.head in the same
-- transaction. information is the LookupResult of the rule's fields only, as JSON; resident_code
-- is kept apart so that a delivery is recorded about its person even when the rule does not give the code.
CREATE TABLE subscription_events (
    subscription_id uuid        NOT NULL REFERENCES subscriptions (id),
    sequence        bigint      NOT NULL CHECK (sequence >= 1),
    kind            text        NOT NULL CHECK (kind IN ('CHANGE', 'SURVIVAL', 'MILESTONE', 'AS_OF')),
    change_id       uuid,
    reason          text,
    change_date     date,
    recorded_at     timestamptz NOT NULL,
    resident_code   char(11)    NOT NULL,
    information     text        NOT NULL,
    PRIMARY KEY (subscription_id, sequence)
);

-- Provision records of subscriptions: a refused subscription is recorded about no one, with the key SUBSCRIPTION.
ALTER TABLE provision_records DROP CONSTRAINT provision_records_lookup_key_check;
ALTER TABLE provision_records ADD CONSTRAINT provision_records_lookup_key_check
    CHECK (lookup_key IN ('RESIDENT_CODE', 'MY_NUMBER', 'FOUR_INFO', 'AGGREGATE', 'SUBSCRIPTION'));
