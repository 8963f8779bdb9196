-- The old application: text quantities, the server's key and defaults.
INSERT INTO orders (quantity) VALUES ('4');
UPDATE orders SET quantity = '7' WHERE id = 1;
SELECT id, quantity, total FROM orders WHERE id = 1;
