INSERT INTO customers (fullname, email) VALUES ('Old App', 'old@example.com');
UPDATE customers SET fullname = 'Renamed by the old application' WHERE id = 1;
SELECT id, fullname FROM customers WHERE fullname LIKE 'Renamed%' ORDER BY id;
