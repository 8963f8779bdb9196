SELECT count(*) = 1 FROM accounts WHERE email = 'newbie@example.com' AND handle = 'newbie';
SELECT handle = 'changed' FROM accounts WHERE id = 3;
