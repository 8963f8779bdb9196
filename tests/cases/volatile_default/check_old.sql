SELECT count(*) = 501 FROM orders;
SELECT total_cents = 11 FROM orders WHERE id = 1;
