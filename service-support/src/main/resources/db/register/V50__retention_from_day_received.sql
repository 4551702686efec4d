-- Retention runs 150 years from the day this node received the notice (住基法施行令: 通知を受けた日から
-- 起算して150年), not from the 届出年月日 the change carries: a notice of a long-ago change that arrives
-- today is kept 150 years from today. The day received is the day in Japan of the moment the node
-- recorded the change (recorded_at, on the node's clock); it is stored so that the retention end can
-- be read and checked beside it.
ALTER TABLE resident_history ADD COLUMN received_on date;
UPDATE resident_history SET received_on = (recorded_at AT TIME ZONE 'Asia/Tokyo')::date;
ALTER TABLE resident_history ALTER COLUMN received_on SET NOT NULL;

-- Rows recorded before this migration had their end counted from the notified date: count it again
-- from the day received. 150 years is the statute's figure (jukinet.register.retention; only tests
-- shorten it, on databases they create afresh).
UPDATE resident_history SET retention_until = received_on + interval '150 years';
-- The current record is kept as long as the newest change of it that this node received.
UPDATE residents SET retention_until = ((updated_at AT TIME ZONE 'Asia/Tokyo')::date + interval '150 years')::date;
