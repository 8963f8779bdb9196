-- A partitioned table attached as a partition of another that has a primary key the
-- table lacks: a partitioned table takes no key USING INDEX, so PostgreSQL builds it (on
-- each of its partitions) while the attach holds the table locked against reads and
-- writes, which the plan flags as a blocking_scan hazard.
CREATE TABLE m (id int NOT NULL, at date NOT NULL, kind text NOT NULL, v text) PARTITION BY RANGE (at);
ALTER TABLE m ADD PRIMARY KEY (id, at, kind);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_2026 (id int NOT NULL, at date NOT NULL, kind text NOT NULL, v text) PARTITION BY LIST (kind);
CREATE TABLE m_2026_a PARTITION OF m_2026 FOR VALUES IN ('a');
INSERT INTO m_2026 VALUES (1, '2026-03-01', 'a', 'x'), (2, '2026-07-01', 'a', 'y');
