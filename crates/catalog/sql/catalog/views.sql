-- Views and materialized views with their definitions as PostgreSQL prints them.
SELECT n.nspname AS schema,
       c.relname AS name,
       pg_catalog.pg_get_viewdef(c.oid) AS query,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relkind = 'm' AS materialized,
       coalesce(c.reloptions, '{}') AS options
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
ORDER BY n.nspname, c.relname
