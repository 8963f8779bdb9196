-- An index of a partitioned table changes while a partition is added and another dropped:
-- neither DROP nor CREATE INDEX can be CONCURRENTLY on the parent, so the parent's index
-- is dropped and built again partition by partition (the partition that goes later gets
-- one too, or the parent's index would stay invalid).
CREATE TABLE ev (id int, at date, v int) PARTITION BY RANGE (at);
CREATE TABLE ev_2026 PARTITION OF ev FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE ev_2027 PARTITION OF ev FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
CREATE INDEX ev_at ON ev (at);
