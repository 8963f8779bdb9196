-- What views and materialized views depend on (through their _RETURN rule), and what
-- other rewrite rules (CREATE RULE) depend on: relations, columns, functions and types.
SELECT vn.nspname AS schema,
       v.relname AS view_name,
       r.rulename AS rule,
       d.refclassid::regclass::text AS ref_class,
       rn.nspname AS ref_schema,
       coalesce(rc.relname, p.proname, t.typname) AS ref_name,
       CASE WHEN d.refobjsubid > 0 THEN a.attname END AS ref_column,
       CASE WHEN p.oid IS NOT NULL THEN
            rn.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' END AS ref_function
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_catalog.pg_rewrite'::regclass
JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON d.refclassid = 'pg_catalog.pg_class'::regclass AND rc.oid = d.refobjid
LEFT JOIN pg_catalog.pg_attribute a ON rc.oid IS NOT NULL AND a.attrelid = rc.oid AND a.attnum = d.refobjsubid
LEFT JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid
LEFT JOIN pg_catalog.pg_type t ON d.refclassid = 'pg_catalog.pg_type'::regclass AND t.oid = d.refobjid
JOIN pg_catalog.pg_namespace rn ON rn.oid = coalesce(rc.relnamespace, p.pronamespace, t.typnamespace)
WHERE d.deptype = 'n'
  -- (A view reads itself through its _RETURN rule; another rule's own table is news.)
  AND (d.refobjid <> v.oid OR r.rulename <> '_RETURN')
  AND rn.nspname !~ '^pg_' AND rn.nspname <> 'information_schema'
  AND IN_SCOPE(vn.nspname)
ORDER BY 1, 2
