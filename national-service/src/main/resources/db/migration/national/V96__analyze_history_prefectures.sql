-- V91 fills history_prefectures in one INSERT and leaves it without statistics. Until autovacuum analyzes it,
-- the planner takes it for a table of a few pages and reads it whole for each person of a many-person read
-- (the as-of extract, the consistency check's leaves): ./bench measured 10.6 s per 1,000 people at 200,000
-- right after V91, against 15 ms on one table. Analyzed here, the read goes by its key at once.
ANALYZE history_prefectures;
