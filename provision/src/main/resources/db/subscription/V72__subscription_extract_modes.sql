-- The extract modes wired to their subscriptions (jp.jukinet.provision.subscription.SubscriptionExtracts).

-- An AS_OF subscription ends COMPLETED once its one-off batch is written (with the batch, in its transaction).
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check
    CHECK (status IN ('ACTIVE', 'PAUSED', 'CANCELLED', 'COMPLETED'));

-- An as-of batch reads its targets in code order, a page at a time: one index range per page. It also
-- serves what the index on subscription_id alone served (counting and dropping a subscription's
-- targets), which it replaces so that a target costs no more index writes than before.
CREATE INDEX subscription_targets_by_subscription_code ON subscription_targets (subscription_id, resident_code);
DROP INDEX subscription_targets_by_subscription;
