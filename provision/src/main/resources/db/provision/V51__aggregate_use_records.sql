-- A prefecture's statistics (住基法 第30条の15第1項第4号) read no person: they are recorded like a
-- provision, about no one, with the key AGGREGATE (jp.jukinet.model.provision.LookupKey).
ALTER TABLE provision_records DROP CONSTRAINT provision_records_lookup_key_check;
ALTER TABLE provision_records ADD CONSTRAINT provision_records_lookup_key_check
    CHECK (lookup_key IN ('RESIDENT_CODE', 'MY_NUMBER', 'FOUR_INFO', 'AGGREGATE'));
