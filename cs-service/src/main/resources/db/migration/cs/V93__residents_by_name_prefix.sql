-- A clerk's search by name within the municipality (ResidentSearchController): the family name is a prefix
-- of normalized_name (family + given); text_pattern_ops lets LIKE 'prefix%' use the index in any collation.
CREATE INDEX residents_by_municipality_and_name ON residents (municipality, normalized_name text_pattern_ops);
