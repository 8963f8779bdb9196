INSERT INTO products (name) VALUES ('new product');
UPDATE products SET name = 'renamed by the new application' WHERE id = 1;
SELECT * FROM products WHERE id = 1;
