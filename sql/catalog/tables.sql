-- Tables (ordinary and partitioned): persistence, partitioning, inheritance, row security.
SELECT n.nspname AS schema,
       c.relname AS name,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
       pn.nspname AS parent_schema,
       pc.relname AS parent_name,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       ARRAY(SELECT quote_ident(ipn.nspname) || '.' || quote_ident(ipc.relname)
             FROM pg_catalog.pg_inherits i
             JOIN pg_catalog.pg_class ipc ON ipc.oid = i.inhparent
             JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ipc.relnamespace
             WHERE i.inhrelid = c.oid AND NOT c.relispartition
             ORDER BY i.inhseqno) AS inherits,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits pi ON pi.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND CASE WHEN $1::text[] IS NULL
           THEN n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift', 'phaseshift_archive')
           ELSE n.nspname = ANY ($1::text[]) END
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
