-- A new row gets a key no row has: each insert succeeds.
WITH i AS (INSERT INTO s1 (n) VALUES ('new') RETURNING id) SELECT id > 5 FROM i;
WITH i AS (INSERT INTO s2 (n) VALUES ('new') RETURNING id) SELECT id > 7 FROM i;
-- s3 starts at 1000 as declared, past every key it had (and its rollback goes on from there).
WITH i AS (INSERT INTO s3 (n) VALUES ('new') RETURNING id) SELECT id >= 1000 FROM i;
