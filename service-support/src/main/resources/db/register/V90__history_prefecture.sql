-- The prefecture of each recorded change: the first two digits of the municipality the change's
-- identity information names (a 転出's change names the municipality left, a 転入's the one
-- entered). It is a function of the change itself, so one change (one change_id) always has the same
-- prefecture, wherever and however often it is recorded.
--
-- J-LIS partitions its history by it (db/migration/national V91, docs/architecture.md F8
-- "Partitions"); the CS and the prefecture servers keep the column so that the register writes the
-- same rows at every tier (jp.jukinet.service.register.ResidentRegister).
ALTER TABLE resident_history ADD COLUMN prefecture char(2);
UPDATE resident_history SET prefecture = left(identity ->> 'municipality', 2);
ALTER TABLE resident_history ALTER COLUMN prefecture SET NOT NULL;

-- The prefectures whose changes a person's history holds: what a reader of one person's history
-- joins through (ResidentRegister#history, the as-of extract, the check's leaves), so that at
-- J-LIS, where it is a table kept by a trigger (national V91), a read visits only the partitions
-- that hold the person's changes, not all 47. Here, unpartitioned, it is read from the history.
CREATE VIEW history_prefectures AS SELECT DISTINCT resident_code, prefecture FROM resident_history;
