-- Partitions whose bounds change are detached and attached again with the new bound;
-- not concurrently where the parent has a default partition before or after the change
-- (PostgreSQL does not allow it).
CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m_def PARTITION OF m DEFAULT;
CREATE TABLE l (id int, region text) PARTITION BY LIST (region);
CREATE TABLE l_eu PARTITION OF l FOR VALUES IN ('de', 'fr', 'it');
CREATE TABLE l_def PARTITION OF l DEFAULT;
