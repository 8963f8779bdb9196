-- A primary key and a unique constraint added to a partitioned table that has rows:
-- PostgreSQL builds no index CONCURRENTLY on a partitioned table, so each partition's key
-- is built first, and the parent's takes them as its partitions'.
CREATE TABLE m (id int NOT NULL, at date NOT NULL, code text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO m VALUES (1, '2025-02-01', 'a'), (2, '2026-02-01', 'b');
