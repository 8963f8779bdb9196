-- Enums, domains, composite and range types, one row each; kind tells which columns apply.
SELECT n.nspname AS schema,
       t.typname AS name,
       t.typtype::text AS kind,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS enum_values,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null,
       t.typdefault AS default_expr,
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN
            (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                         ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
             FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE co.oid = t.typcollation) END AS collation,
       ARRAY(SELECT con.conname::text FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname) AS check_names,
       ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname) AS check_defs,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attr_names,
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attr_types,
       -- Range types: the element type, and what is not the default for it.
       CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(rng.rngsubtype, NULL) END AS range_subtype,
       CASE WHEN t.typtype = 'r' AND NOT oc.opcdefault THEN
            CASE WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
                 ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END END AS range_opclass,
       CASE WHEN t.typtype = 'r' AND rng.rngcollation <> 0 AND rng.rngcollation <> st.typcollation THEN
            (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                         ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
             FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE co.oid = rng.rngcollation) END AS range_collation,
       CASE WHEN rng.rngcanonical <> 0 THEN rng.rngcanonical::regproc::text END AS range_canonical,
       CASE WHEN rng.rngsubdiff <> 0 THEN rng.rngsubdiff::regproc::text END AS range_subdiff,
       mrn.nspname AS multirange_schema,
       mr.typname AS multirange_name,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_range rng ON rng.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_type st ON st.oid = rng.rngsubtype
LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = rng.rngsubopc
LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_catalog.pg_type mr ON mr.oid = SINCE_14(rng.rngmultitypid)
LEFT JOIN pg_catalog.pg_namespace mrn ON mrn.oid = mr.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r')
       OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
  AND IN_SCOPE(n.nspname)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2
