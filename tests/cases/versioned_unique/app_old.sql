INSERT INTO accounts (org, email, handle) VALUES (1, 'Fresh@Example.com', 'Fresh_One');
UPDATE accounts SET email = 'Moved@Example.com' WHERE id = 2;
SELECT id, email, handle FROM accounts WHERE id <= 2 ORDER BY id;
