-- What the new application reads through its version, from sync on (phase 2) to contract.
SELECT email = 'user1@example.com' AND handle = 'handle_1' FROM accounts WHERE id = 1;
SELECT email IS NULL FROM accounts WHERE id = 10;
SELECT count(*) = 0 FROM accounts WHERE email <> lower(email) OR handle <> lower(handle);
