-- Indexes, one row per index; keys as parallel arrays (column name or NULL, expression
-- text, DESC, NULLS FIRST, non-default operator class).
SELECT n.nspname AS schema,
       ic.relname AS name,
       tc.relname AS table_name,
       i.indisunique AS is_unique,
       am.amname AS method,
       ARRAY(SELECT CASE WHEN i.indkey[k.i - 1] = 0 THEN NULL ELSE
                    (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.i - 1]) END
             FROM generate_series(1, i.indnkeyatts) k(i) ORDER BY k.i) AS key_columns,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.i, true)
             FROM generate_series(1, i.indnkeyatts) k(i) ORDER BY k.i) AS key_exprs,
       ARRAY(SELECT (i.indoption[k.i - 1] & 1) = 1 FROM generate_series(1, i.indnkeyatts) k(i) ORDER BY k.i) AS key_desc,
       ARRAY(SELECT (i.indoption[k.i - 1] & 2) = 2 FROM generate_series(1, i.indnkeyatts) k(i) ORDER BY k.i) AS key_nulls_first,
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL
                         WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
                         ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
             FROM generate_series(1, i.indnkeyatts) k(i)
             JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[k.i - 1]
             JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
             ORDER BY k.i) AS key_opclass,
       ARRAY(SELECT a.attname::text FROM generate_series(i.indnkeyatts + 1, i.indnatts) k(i)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.i - 1]
             ORDER BY k.i) AS include,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
               WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS constraint_backed
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = tc.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE tc.relkind IN ('r', 'p', 'm')
  AND i.indisvalid  -- an invalid index (a failed concurrent build) is as good as absent
  -- a partition's copy of its parent's index comes with the partition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ii WHERE ii.inhrelid = i.indexrelid)
  AND CASE WHEN $1::text[] IS NULL
           THEN n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift', 'phaseshift_archive')
           ELSE n.nspname = ANY ($1::text[]) END
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = tc.oid AND d.deptype = 'e')
ORDER BY n.nspname, ic.relname
