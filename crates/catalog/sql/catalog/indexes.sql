-- Indexes, one row per index; keys as parallel arrays (column name or NULL, expression
-- text or NULL, DESC, NULLS FIRST, non-default operator class, collation), with the key's
-- position in the index (the reader orders them by it). Written as set-wide joins
-- and aggregates rather than per-index subqueries: thousands of indexes read in one pass.
-- Invalid indexes (failed concurrent builds) count as absent; a partition's copy of its
-- parent's index comes with the partition and is left out.
WITH idx AS (
    SELECT i.indexrelid, i.indrelid, i.indisunique, i.indnkeyatts, i.indnatts, i.indkey, i.indoption,
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
    SELECT idx.indexrelid, idx.indrelid, g.k, idx.indkey[g.k - 1] AS attnum, idx.indoption[g.k - 1] AS opt,
           idx.indclass[g.k - 1] AS cls, idx.indcollation[g.k - 1] AS coll, g.k <= idx.indnkeyatts AS is_key
    FROM idx, generate_series(1, idx.indnatts) g(k)
), keys AS (
    SELECT p.indexrelid,
           array_agg(a.attname::text) FILTER (WHERE p.is_key) AS key_columns,
           array_agg(CASE WHEN p.attnum = 0 THEN pg_catalog.pg_get_indexdef(p.indexrelid, p.k, true) END)
               FILTER (WHERE p.is_key) AS key_exprs,
           array_agg((p.opt & 1) = 1) FILTER (WHERE p.is_key) AS key_desc,
           array_agg((p.opt & 2) = 2) FILTER (WHERE p.is_key) AS key_nulls_first,
           array_agg(CASE WHEN oc.opcdefault THEN NULL
                          WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
                          ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END)
               FILTER (WHERE p.is_key) AS key_opclass,
           -- A column key's collation when it is not the column's own.
           array_agg(CASE WHEN p.attnum = 0 OR p.coll = 0 OR p.coll = a.attcollation THEN NULL
                          WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                          ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END)
               FILTER (WHERE p.is_key) AS key_collation,
           coalesce(array_agg(a.attname::text) FILTER (WHERE NOT p.is_key), '{}') AS include,
           -- Each array in the order the rows came, with their positions to put them in
           -- order by (one sort per aggregate and index cost more than the rest of the
           -- query, on a session's cold catalog caches most).
           array_agg(p.k) FILTER (WHERE p.is_key) AS key_pos,
           coalesce(array_agg(p.k) FILTER (WHERE NOT p.is_key), '{}') AS include_pos
    FROM parts p
    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = p.indrelid AND a.attnum = p.attnum AND p.attnum > 0
    LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = p.cls AND p.is_key
    LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
    LEFT JOIN pg_catalog.pg_collation co ON co.oid = p.coll AND p.is_key AND p.attnum > 0 AND p.coll <> a.attcollation
    LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
    GROUP BY p.indexrelid
)
SELECT idx.nspname AS schema,
       idx.index_name AS name,
       idx.table_name,
       idx.indisunique AS is_unique,
       am.amname AS method,
       keys.key_columns, keys.key_exprs, keys.key_desc, keys.key_nulls_first, keys.key_opclass, keys.key_collation,
       keys.include, keys.key_pos, keys.include_pos, idx.nulls_not_distinct, coalesce(idx.reloptions, '{}') AS options,
       pg_catalog.pg_get_expr(idx.indpred, idx.indrelid) AS predicate,
       idx.indexrelid IN (SELECT conindid FROM pg_catalog.pg_constraint WHERE contype IN ('p', 'u', 'x')) AS constraint_backed,
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = idx.indexrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) AS comment
FROM idx
JOIN keys ON keys.indexrelid = idx.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = idx.relam
ORDER BY idx.nspname, idx.index_name
