-- A key the server generates (identity, ALWAYS), a generated column and a column with a
-- default beside a column changed online: the new version's writes keep each working.
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quantity text NOT NULL,
  unit_price numeric(10, 2) NOT NULL DEFAULT 1,
  total numeric(12, 2) GENERATED ALWAYS AS (unit_price * 2) STORED,
  placed_at date NOT NULL DEFAULT date '2026-01-01'
);
INSERT INTO orders (quantity, unit_price)
SELECT (g % 9 + 1)::text, g FROM generate_series(1, 120) g;
