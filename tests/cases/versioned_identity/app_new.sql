-- The new application: integer quantities, the server's key.
INSERT INTO orders (quantity, unit_price) VALUES (12, 2.5);
UPDATE orders SET quantity = quantity + 1 WHERE id = 3;
SELECT id, quantity, total FROM orders WHERE quantity > 5 ORDER BY id LIMIT 3;
