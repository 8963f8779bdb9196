-- What the new application reads through its version, from sync on: rows not filled yet
-- (phase 2) read as `up` computes them, and as filled afterwards.
SELECT status = 'draft' AND balance = 450 FROM accounts WHERE id = 3;
SELECT status = 'active' AND balance = 600 FROM accounts WHERE id = 4;
SELECT count(*) = 0 FROM accounts WHERE status IS NULL;
SELECT pg_typeof(balance) = 'integer'::regtype FROM accounts WHERE id = 1;
-- An insert returns the row as stored, with the new version's defaults and the key.
WITH i AS (INSERT INTO accounts (email) VALUES ('returning@example.com') RETURNING id, status, balance) SELECT id > 300 AND status = 'draft' AND balance = 0 FROM i;
-- An update returns the row as stored, and leaves what it did not set as it was.
WITH u AS (UPDATE accounts SET balance = balance WHERE id = 6 RETURNING status, balance) SELECT status = 'draft' AND balance = 900 FROM u;
