-- Views and materialized views with their definitions as PostgreSQL prints them.
SELECT n.nspname AS schema,
       c.relname AS name,
       pg_catalog.pg_get_viewdef(c.oid) AS query,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relkind = 'm' AS materialized,
       coalesce(c.reloptions, '{}') AS options,
       -- Comments on its columns (by pg_description's index), in column order.
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                 FROM pg_catalog.pg_description d
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
                 WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid > 0), '{}')
           AS comment_columns,
       coalesce((SELECT array_agg(d.description ORDER BY d.objsubid)
                 FROM pg_catalog.pg_description d
                 WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid > 0), '{}')
           AS column_comments
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
ORDER BY n.nspname, c.relname
