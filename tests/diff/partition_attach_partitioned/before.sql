-- A partitioned table attached as a partition of another, lacking an index its new parent
-- has: the index is built on each of its partitions concurrently, then on the table alone
-- (each attached), before the attach finds it and attaches it; a rollback, which detaches
-- the table, drops it.
CREATE TABLE m (id int NOT NULL, at date NOT NULL, kind text NOT NULL, v text) PARTITION BY RANGE (at);
CREATE INDEX m_v ON m (v);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_2026 (id int NOT NULL, at date NOT NULL, kind text NOT NULL, v text) PARTITION BY LIST (kind);
CREATE TABLE m_2026_a PARTITION OF m_2026 FOR VALUES IN ('a');
INSERT INTO m_2026 VALUES (1, '2026-03-01', 'a', 'x'), (2, '2026-07-01', 'a', 'y');
