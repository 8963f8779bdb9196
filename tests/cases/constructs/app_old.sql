-- The old application on the tables it knows, as it knew them.
INSERT INTO accounts (id, handle, score, note, flag) SELECT max(id) + 1, 'old' || (max(id) + 1), 5, 'note', true FROM accounts;
UPDATE accounts SET score = score + 1, note = 'changed' WHERE id = 1;
INSERT INTO orders (account_id, total, old_col) VALUES (1, 5, 'old');
SELECT id FROM old_view WHERE id <= 3;
SELECT payload FROM obsolete WHERE id = 1;
SELECT o.id, a.handle FROM orders o JOIN accounts a ON a.id = o.account_id WHERE o.total = 5 ORDER BY o.id LIMIT 3;
