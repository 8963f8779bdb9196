-- Rewrite rules written by users (CREATE RULE): not the _RETURN rule that makes a view.
SELECT n.nspname AS schema,
       c.relname AS table_name,
       r.rulename AS name,
       pg_catalog.pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled::text AS enabled,
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = r.oid AND d.classoid = 'pg_catalog.pg_rewrite'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
ORDER BY 1, 2, 3
