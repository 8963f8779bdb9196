SELECT count(*) = 1 FROM accounts WHERE lower(email) = 'fresh@example.com' AND lower(handle) = 'fresh_one' AND org = 1;
SELECT lower(email) = 'moved@example.com' AND credits = 7 FROM accounts WHERE id = 2;
