INSERT INTO orders VALUES (1000, 1, 10);
SELECT count(*) FROM orders WHERE customer_id = 1;
