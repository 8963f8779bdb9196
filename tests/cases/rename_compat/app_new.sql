INSERT INTO products (title, price_cents) VALUES ('new item', 9);
UPDATE products SET title = 'retitled' WHERE id = 2;
SELECT id, title FROM products WHERE id = 2;
