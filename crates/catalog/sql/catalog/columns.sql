-- Columns of tables (ordinary and partitioned) and materialized views, in no set order:
-- the reader orders them by `attnum`, and keeps each one's number and collation for the
-- queries that name columns by number (constraints, indexes). Expressions print
-- schema-qualified because the reading session runs with search_path = ''.
SELECT n.nspname AS schema,
       c.oid AS rel,
       c.relkind = 'm' AS materialized,
       a.attnum,
       a.attcollation AS collation_oid,
       c.relname AS table_name,
       a.attname AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       a.attnotnull AS not_null,
       -- (A default names no column, so it is printed without the table: naming the table
       -- makes the server open it.)
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0) END AS default_expr,
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS generated_expr,
       a.attidentity::text AS identity,
       CASE WHEN a.attcollation <> t.typcollation THEN
            (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                         ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
             FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
             WHERE co.oid = a.attcollation) END AS collation,
       -- A lookup by pg_description's index, whatever the statistics say (a join planned
       -- on stale statistics of a new database scans it once per column).
       (SELECT dsc.description FROM pg_catalog.pg_description dsc
        WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::regclass
          AND dsc.objsubid = a.attnum) AS column_comment,
       NOT a.attislocal AS inherited,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       -- -1 (NULL from PostgreSQL 17 on) is the default.
       NULLIF(a.attstattarget::integer, -1) AS stats_target,
       CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS compression,
       coalesce(a.attoptions, '{}') AS attribute_options,
       -- The options of an identity column's sequence that differ from the defaults.
       CASE WHEN a.attidentity <> '' THEN
            (SELECT nullif(concat_ws(' ',
                    CASE WHEN s.seqincrement <> 1 THEN 'INCREMENT BY ' || s.seqincrement END,
                    CASE WHEN s.seqmin <> 1 THEN 'MINVALUE ' || s.seqmin END,
                    CASE WHEN s.seqmax <> CASE a.atttypid WHEN 'int2'::regtype THEN 32767
                                                          WHEN 'int4'::regtype THEN 2147483647
                                                          ELSE 9223372036854775807 END
                         THEN 'MAXVALUE ' || s.seqmax END,
                    CASE WHEN s.seqstart <> s.seqmin THEN 'START WITH ' || s.seqstart END,
                    CASE WHEN s.seqcache <> 1 THEN 'CACHE ' || s.seqcache END,
                    CASE WHEN s.seqcycle THEN 'CYCLE' END), '')
             FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_sequence s ON s.seqrelid = d.objid
             WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
               AND d.refobjid = c.oid
               AND d.refobjsubid = a.attnum AND d.deptype = 'i') END AS identity_options
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
WHERE c.relkind IN ('r', 'p', 'm')
  AND IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    -- (Members of extensions, found by the index on what they depend on.)
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_class'::regclass AND deptype = 'e')
