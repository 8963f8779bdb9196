-- User-defined collations.
SELECT n.nspname AS schema,
       c.collname AS name,
       CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' ELSE 'default' END AS provider,
       c.colliculocale AS locale,
       c.collcollate AS lc_collate,
       c.collctype AS lc_ctype,
       c.collisdeterministic AS deterministic
FROM pg_catalog.pg_collation c
JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
WHERE IN_SCOPE(n.nspname)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_collation'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
