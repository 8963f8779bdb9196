-- Each partition has the parent's index; the expression routes rows.
SELECT count(*) = 3 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_index x ON x.indrelid = i.inhrelid WHERE i.inhparent = 'orders'::regclass AND NOT x.indisprimary;
SELECT pg_get_partkeydef('orders'::regclass) = 'LIST (lower(region))';
-- Rows go to the partition their lower-cased region names.
WITH i AS (INSERT INTO orders (id, account_id, region, total) VALUES (1, 1, 'EU', 10), (2, 2, 'Us', 5), (3, 3, 'Apac', 1) RETURNING tableoid::regclass::text AS part, region) SELECT array_agg(part ORDER BY region) = ARRAY['orders_other', 'orders_eu', 'orders_us'] FROM i;
