-- What the new application reads through its version, from sync on (phase 2, nothing filled
-- yet, computed by `up`) to contract.
SELECT email = 'user2@example.com' AND team = 3 FROM users WHERE id = 2;
SELECT team IS NULL FROM users WHERE id = 4;
SELECT count(*) = 0 FROM users WHERE email IS NULL OR email <> lower(email);
