-- The months whose monthly extract is done (jp.jukinet.provision.subscription.extract
-- .MonthlyExtractSchedule): a month once here is never run again, whatever restarts.
CREATE TABLE extract_months (
    extract_name text        NOT NULL,
    month        date        NOT NULL CHECK (extract(day FROM month) = 1), -- the first day of the month
    done_at      timestamptz NOT NULL,
    PRIMARY KEY (extract_name, month)
);
