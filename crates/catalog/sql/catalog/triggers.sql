-- Triggers written by users (not those behind constraints, not partition clones).
SELECT n.nspname AS schema,
       c.relname AS table_name,
       t.tgname AS name,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       t.tgenabled::text AS enabled,
       fn.nspname AS function_schema,
       f.proname AS function_name,
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
ORDER BY 1, 2, 3
