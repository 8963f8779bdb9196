-- The old application knows items and name: through the compat view at every phase.
INSERT INTO items (name, price_cents) VALUES ('old item', 5);
UPDATE items SET price_cents = 7 WHERE id = 1;
SELECT id, name, price_cents FROM items WHERE id <= 3 ORDER BY id;
