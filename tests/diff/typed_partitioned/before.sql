-- A partitioned table of a type: its partitions are ordinary tables with its columns.
CREATE TYPE ev AS (id integer, at date, note text);
CREATE TABLE evs OF ev (PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE evs_2025 PARTITION OF evs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO evs VALUES (1, '2025-02-01', 'n');
