INSERT INTO customers (name, email) VALUES ('New App', 'new@example.com');
UPDATE customers SET name = 'Renamed by the new application' WHERE id = 2;
SELECT id, name FROM customers WHERE name LIKE 'Renamed%' ORDER BY id;
