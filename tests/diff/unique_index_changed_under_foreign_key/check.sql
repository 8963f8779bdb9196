-- The key holds, validated and bound to p_code (after the script, after apply, after the
-- rollback), and no index is left aside.
SELECT k.convalidated AND k.conindid = 'p_code'::regclass FROM pg_catalog.pg_constraint k WHERE k.conname = 'c_p_code_fkey';
SELECT count(*) = 2 FROM pg_catalog.pg_index WHERE indrelid = 'p'::regclass;
