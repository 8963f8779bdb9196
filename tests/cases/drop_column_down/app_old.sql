INSERT INTO products (name, legacy_code) VALUES ('old product', 'L-old');
SELECT id, name, legacy_code FROM products WHERE id <= 3 ORDER BY id;
