-- What the new application reads through its version, from sync on (phase 2) to contract.
SELECT pg_typeof(id) = 'bigint'::regtype AND kind = 'k1' FROM events WHERE id = 1;
SELECT count(*) = 0 FROM events WHERE id IS NULL;
