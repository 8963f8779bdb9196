INSERT INTO accounts (org, email, handle) VALUES (1, 'Fresh@Example.com', 'Fresh_One');
UPDATE accounts SET email = 'Moved@Example.com', credits = credits + 5 WHERE id = 2;
SELECT id, email, handle, org, credits FROM accounts WHERE id <= 2 ORDER BY id;
