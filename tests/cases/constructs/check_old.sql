SELECT count(*) >= 1 FROM accounts WHERE handle LIKE 'old%' AND note = 'note';
SELECT note = 'changed' FROM accounts WHERE id = 1;
SELECT count(*) >= 1 FROM orders WHERE old_col = 'old' AND total = 5;
