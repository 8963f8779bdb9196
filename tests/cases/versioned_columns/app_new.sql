-- The new application, through its version's views: the new default, the new types.
INSERT INTO accounts (email, balance) VALUES ('new@example.com', 1234);
UPDATE accounts SET status = 'closed', balance = balance + 1 WHERE id = 3;
SELECT id, status, balance + 1 FROM accounts WHERE id = 3;
SELECT count(*) FROM accounts WHERE status = 'draft';
