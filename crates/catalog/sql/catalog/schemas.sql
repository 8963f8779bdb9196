-- Schemas that hold user objects. $1: schemas to read (NULL: every non-system schema).
SELECT n.nspname AS name
FROM pg_catalog.pg_namespace n
WHERE IN_SCOPE(n.nspname)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1
