-- Indexes, one row per key or INCLUDE column of each (in no set order: the reader groups
-- them by `oid` and orders them by `k`), the index's own columns on its first row (`k` =
-- 1) only. Set-wide joins, and no aggregate: grouping thousands of indexes' keys into
-- arrays on the server cost more than the rest of the query.
-- Invalid indexes (failed concurrent builds) count as absent; a partition's copy of its
-- parent's index comes with the partition and is left out.
WITH idx AS (
    SELECT i.indexrelid, i.indrelid, i.indisunique, i.indnkeyatts, i.indkey, i.indoption,
           i.indclass, i.indcollation, i.indpred, n.nspname, ic.relname AS index_name, tc.relname AS table_name,
           ic.relam, ic.reloptions,
           -- Servers before 15 do not have the column.
           coalesce(SINCE_15(i.indnullsnotdistinct), false) AS nulls_not_distinct
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = tc.relnamespace
    WHERE tc.relkind IN ('r', 'p', 'm')
      AND i.indisvalid
      AND i.indexrelid NOT IN (SELECT inhrelid FROM pg_catalog.pg_inherits)
      AND tc.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                         -- (Members of extensions, found by the index on what they depend on.)
                         WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                           AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
      AND IN_SCOPE(n.nspname)
), parts AS (
    SELECT idx.*, g.k::integer AS k, g.attnum, idx.indoption[g.k - 1] AS opt, idx.indclass[g.k - 1] AS cls,
           idx.indcollation[g.k - 1] AS coll, g.k <= idx.indnkeyatts AS is_key
    FROM idx CROSS JOIN LATERAL unnest(idx.indkey::int2[]) WITH ORDINALITY g(attnum, k)
)
SELECT p.indexrelid AS oid,
       p.k,
       p.is_key,
       -- Columns by number: the reader names them from the columns it read.
       p.indrelid AS rel,
       p.attnum,
       CASE WHEN p.attnum = 0 THEN pg_catalog.pg_get_indexdef(p.indexrelid, p.k::integer, true) END AS expr,
       (p.opt & 1) = 1 AS descending,
       (p.opt & 2) = 2 AS nulls_first,
       CASE WHEN NOT p.is_key OR oc.opcdefault THEN NULL
            WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
            ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END AS opclass,
       -- A column key's collation (the reader keeps it where it is not the column's own).
       p.coll AS collation_oid,
       CASE WHEN co.oid IS NULL THEN NULL
            WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
            ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
       -- The index's own columns, on its first row.
       CASE WHEN p.k = 1 THEN p.nspname END AS schema,
       CASE WHEN p.k = 1 THEN p.index_name END AS name,
       CASE WHEN p.k = 1 THEN p.table_name END AS table_name,
       p.indisunique AS is_unique,
       CASE WHEN p.k = 1 THEN am.amname END AS method,
       p.nulls_not_distinct,
       CASE WHEN p.k = 1 THEN coalesce(p.reloptions, '{}') END AS options,
       CASE WHEN p.k = 1 THEN pg_catalog.pg_get_expr(p.indpred, p.indrelid) END AS predicate,
       p.k = 1 AND p.indexrelid IN (SELECT conindid FROM pg_catalog.pg_constraint WHERE contype IN ('p', 'u', 'x'))
           AS constraint_backed,
       CASE WHEN p.k = 1 THEN
            (SELECT d.description FROM pg_catalog.pg_description d
             WHERE d.objoid = p.indexrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) END
           AS comment
FROM parts p
JOIN pg_catalog.pg_am am ON am.oid = p.relam
LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = p.cls AND p.is_key
LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_catalog.pg_collation co ON co.oid = p.coll AND p.is_key AND p.attnum > 0
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
