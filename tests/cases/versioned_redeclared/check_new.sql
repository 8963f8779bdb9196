SELECT count(*) = 1 FROM accounts WHERE email = 'newbie@example.com' AND handle = 'newbie' AND org = 2;
SELECT handle = 'changed' AND org = 3 FROM accounts WHERE id = 3;
