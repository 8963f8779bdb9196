-- What the new application reads through its version, from sync on (phase 2, nothing filled
-- yet, computed by `up`) to contract: the new names and types.
SELECT email = 'user2@example.com' AND points = 2 FROM users WHERE id = 2;
SELECT count(*) = 0 FROM users WHERE email <> lower(email);
SELECT pg_typeof(points) = 'integer'::regtype FROM users WHERE id = 2;
