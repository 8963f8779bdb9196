-- The keys still hold (after the script, after apply, after the rollback): bound to a unique
-- index of p, c's validated, d's NOT VALID as declared, and enforced.
SELECT bool_and(i.indisunique AND i.indrelid = 'p'::regclass) FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_index i ON i.indexrelid = k.conindid WHERE k.conname IN ('c_p_id_fkey', 'd_p_id_fkey');
SELECT convalidated FROM pg_catalog.pg_constraint WHERE conname = 'c_p_id_fkey';
SELECT NOT convalidated FROM pg_catalog.pg_constraint WHERE conname = 'd_p_id_fkey';
SELECT count(*) = 3 FROM c;
