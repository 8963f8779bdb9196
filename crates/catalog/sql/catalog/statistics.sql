-- Extended statistics objects (CREATE STATISTICS), with the plain columns they cover.
SELECT n.nspname AS schema,
       s.stxname AS name,
       tn.nspname AS table_schema,
       c.relname AS table_name,
       pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition,
       ARRAY(SELECT a.attname::text FROM unnest(s.stxkeys::int2[]) AS k(attnum)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k.attnum
             ORDER BY a.attnum) AS columns,
       -- -1 (or NULL, from PostgreSQL 17 on) is the default.
       NULLIF(s.stxstattarget::integer, -1) AS target,
       obj_description(s.oid, 'pg_statistic_ext') AS comment
FROM pg_catalog.pg_statistic_ext s
JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid
JOIN pg_catalog.pg_namespace tn ON tn.oid = c.relnamespace
WHERE IN_SCOPE(n.nspname)
ORDER BY 1, 2
