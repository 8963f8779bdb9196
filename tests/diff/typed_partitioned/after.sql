-- The type gains an attribute and loses one (the table and its partitions gain and lose
-- the columns: flagged data_loss, naming the partitions that hold the values), and a
-- partition and a second typed partitioned table are created.
CREATE TYPE ev AS (id integer, at date, kind text);
CREATE TABLE evs OF ev (PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE evs_2025 PARTITION OF evs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE evs_2026 PARTITION OF evs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE evs_copy OF ev (kind WITH OPTIONS DEFAULT 'x') PARTITION BY LIST (kind);
CREATE TABLE evs_copy_x PARTITION OF evs_copy FOR VALUES IN ('x');
