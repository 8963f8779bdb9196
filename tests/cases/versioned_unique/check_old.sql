SELECT count(*) = 1 FROM accounts WHERE lower(email) = 'fresh@example.com' AND lower(handle) = 'fresh_one';
SELECT lower(email) = 'moved@example.com' FROM accounts WHERE id = 2;
