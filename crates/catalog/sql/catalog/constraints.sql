-- Primary key, unique, check, foreign key and exclusion constraints of tables (those
-- declared on the table itself, not inherited). Columns come by number: the reader names
-- them from the columns it read (a join with pg_attribute here cost a third of the query).
WITH con AS (
    SELECT con.oid, con.conname, con.contype, con.convalidated, con.conkey, con.confkey, con.conrelid,
           con.confrelid, con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred, con.conbin,
           con.connoinherit, con.confmatchtype, con.conindid, SINCE_15(con.confdelsetcols)::int2[] AS confdelsetcols,
           n.nspname, c.relname
    FROM pg_catalog.pg_constraint con
    JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype IN ('p', 'u', 'c', 'f', 'x')
      AND con.conislocal
      AND IN_SCOPE(n.nspname)
)
SELECT con.nspname AS schema,
       con.relname AS table_name,
       con.conname AS name,
       con.contype::text AS kind,
       con.convalidated AS validated,
       con.conrelid AS rel,
       coalesce(con.conkey, '{}') AS keys,
       con.confrelid AS ref_rel,
       coalesce(con.confkey, '{}') AS ref_keys,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END AS check_expr,
       rn.nspname AS ref_schema,
       rc.relname AS ref_table,
       -- The referenced columns by name where the reader has not read that table (another
       -- schema than those read, or an extension's).
       CASE WHEN con.contype = 'f' AND NOT (IN_SCOPE(rn.nspname) AND rc.oid NOT IN (
                SELECT objid FROM pg_catalog.pg_depend
                WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                  AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e'))
            THEN (SELECT array_agg(a.attname::text ORDER BY k.i)
                  FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) END
           AS outside_ref_columns,
       con.confdeltype::text AS on_delete,
       con.confupdtype::text AS on_update,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       -- Kept whole where the structured form would lose something: exclusion
       -- constraints, deferrable keys, NO INHERIT checks, keys with NULLS NOT DISTINCT or
       -- INCLUDE columns (servers before 15 have no NULLS NOT DISTINCT).
       CASE WHEN con.contype = 'x' OR (con.condeferrable AND con.contype <> 'f') OR (con.contype = 'c' AND con.connoinherit)
                 OR (con.contype IN ('p', 'u')
                     AND (SELECT coalesce(SINCE_15(i.indnullsnotdistinct), false)
                                 OR i.indnatts <> i.indnkeyatts
                          FROM pg_catalog.pg_index i WHERE i.indexrelid = con.conindid))
            THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition,
       con.confmatchtype = 'f' AS match_full,
       -- The columns ON DELETE SET NULL or SET DEFAULT sets, when not all (rare: looked
       -- up one constraint at a time).
       CASE WHEN con.confdelsetcols IS NOT NULL THEN
            (SELECT array_agg(a.attname::text ORDER BY k.i)
             FROM unnest(con.confdelsetcols) WITH ORDINALITY k(attnum, i)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) END
           AS on_delete_columns,
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objsubid = 0) AS comment
FROM con
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
ORDER BY con.nspname, con.relname, con.conname
