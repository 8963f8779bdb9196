-- What the new application reads through its version from sync on (phase 2: nothing filled
-- yet, computed by `up`).
SELECT quantity = 3 AND pg_typeof(quantity) = 'integer'::regtype FROM orders WHERE id = 2;
-- An insert gets the identity, the table's defaults and the generated column back.
WITH i AS (INSERT INTO orders (quantity) VALUES (5) RETURNING id, quantity, unit_price, total, placed_at)
SELECT id > 120 AND quantity = 5 AND unit_price = 1 AND total = 2 AND placed_at = date '2026-01-01' FROM i;
-- An update of another column leaves the changed column as it reads.
WITH u AS (UPDATE orders SET unit_price = 3 WHERE id = 4 RETURNING quantity, total) SELECT quantity = 5 AND total = 6 FROM u;
