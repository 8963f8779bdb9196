-- Functions, procedures and window functions (aggregates are read by aggregates.sql).
SELECT n.nspname AS schema,
       p.proname AS name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
       pg_catalog.oidvectortypes(p.proargtypes) AS arg_types,
       p.prokind::text AS kind,
       pg_catalog.pg_get_functiondef(p.oid) AS definition,
       coalesce(pg_catalog.pg_get_function_result(p.oid), '') AS result,
       obj_description(p.oid, 'pg_proc') AS comment,
       -- A SQL-standard body (BEGIN ATOMIC, RETURN); servers before 14 have none.
       SINCE_14(p.prosqlbody) IS NOT NULL AS sql_body,
       -- The routines a SQL-standard body calls (PostgreSQL records them; a body in a
       -- string is not looked into), as `schema.name(identity args)`.
       ARRAY(SELECT rn.nspname || '.' || r.proname || '(' || pg_catalog.pg_get_function_identity_arguments(r.oid) || ')'
             FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_proc r ON r.oid = d.refobjid
             JOIN pg_catalog.pg_namespace rn ON rn.oid = r.pronamespace
             WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
               AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.deptype = 'n'
               AND r.oid <> p.oid
             ORDER BY 1) AS calls
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind <> 'a'
  AND IN_SCOPE(n.nspname)
  -- Not an extension's, nor made with something else (a range type's constructors).
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2, 3
