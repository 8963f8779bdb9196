-- Schemas that hold user objects. $1: schemas to read (NULL: every non-system schema).
SELECT n.nspname AS name
FROM pg_catalog.pg_namespace n
WHERE CASE WHEN $1::text[] IS NULL
           THEN n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift', 'phaseshift_archive')
           ELSE n.nspname = ANY ($1::text[]) END
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1
