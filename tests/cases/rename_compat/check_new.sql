SELECT count(*) >= 1 FROM items WHERE name = 'new item' AND price_cents = 9;
SELECT name = 'retitled' FROM items WHERE id = 2;
