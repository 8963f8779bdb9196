-- Publications (logical replication), with the tables they list: each table's schema,
-- name, row filter and column list (PostgreSQL 15 on) as parallel arrays in name order.
-- (Schemas published whole, from 15 on, come from `publication_schemas.sql`.)
SELECT p.pubname::text AS name,
       p.puballtables AS all_tables,
       p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del, p.pubtruncate AS trunc,
       p.pubviaroot AS via_root,
       ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_publication_rel pr
             JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE pr.prpubid = p.oid ORDER BY n.nspname, c.relname) AS table_schemas,
       ARRAY(SELECT c.relname::text FROM pg_catalog.pg_publication_rel pr
             JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE pr.prpubid = p.oid ORDER BY n.nspname, c.relname) AS table_names,
       ARRAY(SELECT pg_catalog.pg_get_expr(SINCE_15(pr.prqual), pr.prrelid) FROM pg_catalog.pg_publication_rel pr
             JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE pr.prpubid = p.oid ORDER BY n.nspname, c.relname) AS table_filters,
       ARRAY(SELECT (SELECT string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                     FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (SINCE_15(pr.prattrs)::int2[]))
             FROM pg_catalog.pg_publication_rel pr
             JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE pr.prpubid = p.oid ORDER BY n.nspname, c.relname) AS table_columns,
       obj_description(p.oid, 'pg_publication') AS comment
FROM pg_catalog.pg_publication p
WHERE p.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_publication'::regclass AND deptype = 'e')
ORDER BY 1
