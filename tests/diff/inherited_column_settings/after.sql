-- Settings a partition or inheritance child keeps of its own on a column it inherits:
-- a default of its own, while its parent's changes (which PostgreSQL carries down to the
-- others, and which comes first); statistics targets, storage, attribute options,
-- compression and comments; on a partition created here too.
CREATE TABLE m (id int, at date, n int DEFAULT 7, s text) PARTITION BY RANGE (at);
ALTER TABLE m ALTER COLUMN n SET STATISTICS 300;
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE m_1 ALTER COLUMN n SET DEFAULT 5;
ALTER TABLE m_1 ALTER COLUMN n SET (n_distinct = 10);
ALTER TABLE m_1 ALTER COLUMN s SET COMPRESSION pglz;
COMMENT ON COLUMN m_1.s IS 'a partition''s own comment';
CREATE TABLE m_2 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE m_2 ALTER COLUMN n SET STATISTICS 50;
CREATE TABLE m_3 PARTITION OF m FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
ALTER TABLE m_3 ALTER COLUMN n SET DEFAULT 9;
CREATE TABLE p (id int, n int DEFAULT 0, s text);
ALTER TABLE p ALTER COLUMN s SET STORAGE EXTERNAL;
CREATE TABLE c () INHERITS (p);
ALTER TABLE c ALTER COLUMN n SET DEFAULT 3;
ALTER TABLE c ALTER COLUMN s SET STORAGE MAIN;
