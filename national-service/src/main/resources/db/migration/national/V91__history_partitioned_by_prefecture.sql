-- J-LIS's history of changes (150 years of every change in the country, the table that grows),
-- partitioned by prefecture (LIST, one partition per prefecture, 01–47), so that what works
-- prefecture by prefecture reads and writes one partition: the rebuild of J-LIS loads each
-- prefecture's history into its own partition, a prefecture's history is read without the others',
-- and a partition's indexes are a 47th of the whole. docs/architecture.md F8 "Partitions" says why
-- the current records (residents) are not partitioned: an agency's lookup names a resident code or a
-- My Number, never a prefecture, so a partitioned residents would probe 47 indexes per lookup
-- (measured in docs/benchmarks.md "Partitioning J-LIS's history").
--
-- Reads of many people's histories (the check's leaves, the as-of extract) go through
-- history_prefectures (the prefectures that hold changes of a resident code), a table here kept by
-- triggers: without it each person's probe visited all 47 partitions, and the as-of extract's
-- access was 12 times slower than on the one table (measured).
--
-- The keys hold the partition key, as PostgreSQL requires of a partitioned table's unique
-- constraints. They are as strong as before: a change's prefecture is a function of the change
-- (V90), so a change recorded twice meets its first copy in the same partition; and a source's
-- sequence numbers are its own prefecture's changes (a prefecture server sends only its own
-- municipalities' changes, F10, AdmitNotices). The key keeps the name resident_history_pkey, which
-- ResidentRegister names in ON CONFLICT at every tier.
--
-- No default partition: a change of a prefecture that does not exist is refused by the database.
-- (the view of V90 becomes a table below)
DROP VIEW history_prefectures;
ALTER TABLE resident_history RENAME TO resident_history_unpartitioned;
ALTER TABLE resident_history_unpartitioned RENAME CONSTRAINT resident_history_pkey TO resident_history_unpartitioned_pkey;
ALTER INDEX resident_history_by_resident RENAME TO resident_history_unpartitioned_by_resident;
ALTER INDEX resident_history_by_retention RENAME TO resident_history_unpartitioned_by_retention;

CREATE TABLE resident_history (
    change_id               uuid        NOT NULL,
    resident_code           char(11)    NOT NULL,
    source                  text        NOT NULL,
    source_sequence         bigint,
    reason                  text        NOT NULL,
    effective_date          date        NOT NULL,
    notified_date           date        NOT NULL,
    identity                jsonb       NOT NULL,
    previous_resident_code  char(11),
    recorded_at             timestamptz NOT NULL,
    retention_until         date        NOT NULL,
    received_on             date        NOT NULL,
    prefecture              char(2)     NOT NULL,
    CONSTRAINT resident_history_pkey PRIMARY KEY (change_id, prefecture),
    CONSTRAINT resident_history_source_sequence UNIQUE (source, source_sequence, prefecture)
) PARTITION BY LIST (prefecture);

DO $$
BEGIN
    FOR p IN 1..47 LOOP
        EXECUTE format('CREATE TABLE resident_history_%s PARTITION OF resident_history FOR VALUES IN (%L)',
                       lpad(p::text, 2, '0'), lpad(p::text, 2, '0'));
    END LOOP;
END $$;

CREATE INDEX resident_history_by_resident ON resident_history (resident_code, recorded_at);
CREATE INDEX resident_history_by_retention ON resident_history (retention_until);

INSERT INTO resident_history (change_id, resident_code, source, source_sequence, reason, effective_date,
                              notified_date, identity, previous_resident_code, recorded_at, retention_until,
                              received_on, prefecture)
SELECT change_id, resident_code, source, source_sequence, reason, effective_date, notified_date, identity,
       previous_resident_code, recorded_at, retention_until, received_on, prefecture
FROM resident_history_unpartitioned;

DROP TABLE resident_history_unpartitioned;

CREATE TABLE history_prefectures (
    resident_code  char(11) NOT NULL,
    prefecture     char(2)  NOT NULL,
    PRIMARY KEY (resident_code, prefecture)
);
INSERT INTO history_prefectures SELECT DISTINCT resident_code, prefecture FROM resident_history;

-- Kept by the database, so every writer (the register, the rebuild's load, the bulk loader's COPY)
-- keeps it: a change adds its (code, prefecture); the purge of the last change of a code in a
-- prefecture removes it.
CREATE FUNCTION history_prefectures_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO history_prefectures (resident_code, prefecture) VALUES (NEW.resident_code, NEW.prefecture)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE FUNCTION history_prefectures_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM history_prefectures p
    WHERE p.resident_code = OLD.resident_code AND p.prefecture = OLD.prefecture
      AND NOT EXISTS (SELECT 1 FROM resident_history h
                      WHERE h.resident_code = OLD.resident_code AND h.prefecture = OLD.prefecture);
    RETURN NULL;
END $$;
CREATE TRIGGER history_prefectures_add AFTER INSERT ON resident_history
    FOR EACH ROW EXECUTE FUNCTION history_prefectures_add();
CREATE TRIGGER history_prefectures_remove AFTER DELETE ON resident_history
    FOR EACH ROW EXECUTE FUNCTION history_prefectures_remove();
