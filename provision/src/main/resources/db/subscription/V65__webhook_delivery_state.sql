-- Webhook delivery (issue #14, F6): how far each subscription's webhook has carried its feed.
-- One row per subscription with an endpoint, created on its first delivery attempt. Sequences are
-- those of the subscription's event feed (gap-free from 1); nothing here holds personal data.
CREATE TABLE webhook_delivery_state (
    subscription_id      uuid        PRIMARY KEY,
    -- the last sequence the agency answered 2xx for: the next request starts after it
    delivered_through    bigint      NOT NULL DEFAULT 0 CHECK (delivered_through >= 0),
    -- the last sequence recorded as provided (F7): recorded once before first sent, not again on a retry
    recorded_through     bigint      NOT NULL DEFAULT 0 CHECK (recorded_through >= delivered_through),
    consecutive_failures integer     NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    failing_since        timestamptz,
    next_attempt         timestamptz NOT NULL,
    parked_since         timestamptz,
    last_success         timestamptz,
    last_heartbeat       timestamptz,
    -- a batched subscription: when its last batch began (the next is due a period later) and the
    -- sequence that batch carries through (its events after that wait for the next batch)
    last_batch           timestamptz,
    batch_through        bigint      NOT NULL DEFAULT 0,
    -- why the last attempt failed (a status, or the gateway's refusal), for the agency and operators
    last_problem         text,
    version              bigint      NOT NULL DEFAULT 0
);

-- the loop's question each round: which channels are due
CREATE INDEX webhook_delivery_due ON webhook_delivery_state (next_attempt) WHERE parked_since IS NULL;
