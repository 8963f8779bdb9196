-- Tables (ordinary and partitioned): persistence, partitioning, inheritance, row security.
WITH parents AS (
    SELECT i.inhrelid,
           array_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) ORDER BY i.inhseqno) AS list
    FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
    JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
    GROUP BY i.inhrelid
)
SELECT n.nspname AS schema,
       c.relname AS name,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
       CASE WHEN c.relispartition THEN (SELECT pn.nspname FROM pg_catalog.pg_inherits pi
                                         JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent
                                         JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                         WHERE pi.inhrelid = c.oid) END AS parent_schema,
       CASE WHEN c.relispartition THEN (SELECT pc.relname FROM pg_catalog.pg_inherits pi
                                         JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent
                                         WHERE pi.inhrelid = c.oid) END AS parent_name,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relispartition THEN '{}'::text[] ELSE coalesce(parents.list, '{}') END AS inherits,
       otn.nspname AS of_type_schema,
       ot.typname AS of_type_name,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       coalesce(c.reloptions, '{}') AS options,
       c.relreplident::text AS replica_identity,
       CASE WHEN c.relreplident = 'i' THEN
            (SELECT ic.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = c.oid AND i.indisreplident) END AS replica_index,
       CASE WHEN c.relhasindex THEN
            (SELECT ic.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = c.oid AND i.indisclustered) END AS cluster_on,
       -- A lookup by pg_description's index, whatever the statistics say (a join planned
       -- on stale statistics of a new database scans it once per table).
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN parents ON parents.inhrelid = c.oid
-- The type of a typed table (CREATE TABLE ... OF).
LEFT JOIN pg_catalog.pg_type ot ON ot.oid = c.reloftype
LEFT JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.typnamespace
WHERE c.relkind IN ('r', 'p')
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
ORDER BY 1, 2
