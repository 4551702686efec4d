-- The extracts of push-type notification (jp.jukinet.provision.subscription.extract) read the
-- national register by ranges these indexes serve.

-- The milestone extract: residents in force, by date of birth, in keyset order (date of birth,
-- resident code). Partial, so the removed records kept for 150 years (the dead among them) are not
-- in it. A change of status is then not a HOT update; a death or move-out is rare beside the other
-- changes, and a move changes the indexed municipality anyway.
-- On a register that is already large, build it first by hand with CREATE INDEX CONCURRENTLY under
-- this name: IF NOT EXISTS then leaves it, and this migration does not hold writes while it builds.
CREATE INDEX IF NOT EXISTS residents_active_by_birth ON residents (date_of_birth, resident_code)
    WHERE status = 'ACTIVE';

-- The as-of extract: a person's older resident codes, found from the code they hold now.
CREATE INDEX IF NOT EXISTS retired_resident_codes_by_current ON retired_resident_codes (current_code);
