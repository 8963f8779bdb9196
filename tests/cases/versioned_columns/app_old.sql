-- The old application: writes relying on the old default and NULLs, and its reads.
INSERT INTO accounts (email, status) VALUES ('old@example.com', NULL);
UPDATE accounts SET balance = '2.50' WHERE id = 1;
UPDATE accounts SET status = NULL WHERE id = 2;
SELECT id, email, status, balance FROM accounts WHERE id IN (1, 2) ORDER BY id;
SELECT count(*) FROM accounts WHERE balance::numeric > 100;
