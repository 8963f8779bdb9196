INSERT INTO accounts (org, email, handle) VALUES (2, 'newbie@example.com', 'newbie');
UPDATE accounts SET handle = 'changed' WHERE id = 3;
SELECT id, email, handle FROM accounts WHERE id = 3;
