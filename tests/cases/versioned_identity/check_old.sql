-- After the rollback, the old application's writes are intact.
SELECT count(*) >= 1 FROM orders WHERE quantity = '4' AND unit_price = 1;
SELECT quantity = '7' FROM orders WHERE id = 1;
