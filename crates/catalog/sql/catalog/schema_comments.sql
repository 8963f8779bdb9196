-- Comments on schemas.
SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_catalog.pg_namespace n
WHERE obj_description(n.oid, 'pg_namespace') IS NOT NULL
  AND CASE WHEN $1::text[] IS NULL
           THEN n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift', 'phaseshift_archive', 'public')
           ELSE n.nspname = ANY ($1::text[]) END
ORDER BY 1
