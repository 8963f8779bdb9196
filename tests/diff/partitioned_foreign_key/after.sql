-- An index and a foreign key on an existing partitioned table: the index is built
-- concurrently on each partition, then created on the parent alone and the partitions' indexes
-- attached; PostgreSQL refuses NOT VALID foreign keys there, so the key is added in one
-- statement (issue 11).
CREATE TABLE m (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX m_id_idx ON m (id);
CREATE TABLE r (id int PRIMARY KEY);
ALTER TABLE m ADD CONSTRAINT m_r FOREIGN KEY (id) REFERENCES r (id);
