INSERT INTO customers (id, name, email, tier) SELECT max(id) + 1, 'Another', 'a@example.com', 'basic' FROM customers;
UPDATE customers SET tier = 'gold' WHERE id = 1;
INSERT INTO bookings (id, room_id, during)
SELECT max(id) + 1, 2, tstzrange('2030-01-01'::timestamptz + max(id) * interval '1 day', '2030-01-01'::timestamptz + (max(id) + 1) * interval '1 day') FROM bookings;
SELECT count(*) FROM customers WHERE name LIKE 'Name 1%';
