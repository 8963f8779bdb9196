INSERT INTO accounts (org, email, handle, credits) VALUES (2, 'newbie@example.com', 'newbie', 30);
UPDATE accounts SET handle = 'changed', org = 3 WHERE id = 3;
SELECT id, email, handle, org FROM accounts WHERE id = 3;
