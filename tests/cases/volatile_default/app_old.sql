-- The old application does not know the new columns.
INSERT INTO orders (total_cents) VALUES (12345);
UPDATE orders SET total_cents = total_cents + 1 WHERE id = 1;
SELECT id, total_cents FROM orders WHERE id = 1;
