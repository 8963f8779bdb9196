-- Comments on schemas.
SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_catalog.pg_namespace n
WHERE obj_description(n.oid, 'pg_namespace') IS NOT NULL
  AND n.nspname <> 'public'
  AND IN_SCOPE(n.nspname)
ORDER BY 1
