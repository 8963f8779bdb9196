SELECT count(*) >= 1 FROM items WHERE name = 'old item' AND price_cents = 5;
SELECT price_cents = 7 FROM items WHERE id = 1;
