-- After the rollback, the new application's rows read in the old form.
SELECT count(*) = 1 FROM orders WHERE quantity = '12' AND unit_price = 2.5 AND total = 5;
SELECT quantity = '5' FROM orders WHERE id = 3;
