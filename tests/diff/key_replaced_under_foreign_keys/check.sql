-- Both foreign keys hold, validated and bound to a unique index of p (after the script,
-- after apply, after the rollback); the rows stay.
SELECT bool_and(k.convalidated AND i.indisunique AND i.indrelid = 'p'::regclass) FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_index i ON i.indexrelid = k.conindid WHERE k.conname IN ('c_p_id_fkey', 'c_p_code_fkey');
SELECT count(*) = 2 FROM c;
