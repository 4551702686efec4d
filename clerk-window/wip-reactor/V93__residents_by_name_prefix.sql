-- destination: cs-service/src/main/resources/db/migration/cs/V93__residents_by_name_prefix.sql
-- NOT before the 10M scale run has ended: its load's raw limit (session 12) was measured on the CS schema without
-- this index, and the load (session 13) must write the same schema.
-- A clerk's search by name within the municipality (ResidentSearchController): the family name is a prefix
-- of normalized_name (family + given); text_pattern_ops lets LIKE 'prefix%' use the index in any collation.
CREATE INDEX residents_by_municipality_and_name ON residents (municipality, normalized_name text_pattern_ops);
