-- A RESYNC notice (整合性確認's repair, docs/architecture.md F8) in the outbox: the CS's current record
-- sent again, with the version it carries (the record's last change id; the row's change_id is the
-- notice's own). NULL for every ordinary change notice.
ALTER TABLE notice_outbox ADD COLUMN resync_of uuid;
