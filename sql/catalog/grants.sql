-- Privileges granted on relations, columns, sequences, schemas, functions and types, one
-- row per privilege. Objects with default privileges (NULL acl) list none: only what
-- differs from the defaults is compared.
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_catalog.pg_namespace n
    WHERE CASE WHEN $1::text[] IS NULL
               THEN n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift', 'phaseshift_archive')
               ELSE n.nspname = ANY ($1::text[]) END
), objects AS (
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
           quote_ident(ns.nspname) || '.' || quote_ident(c.relname) AS object, NULL::text AS col,
           c.relacl AS acl, c.relowner AS owner
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'COLUMN', quote_ident(ns.nspname) || '.' || quote_ident(c.relname), quote_ident(a.attname), a.attacl, c.relowner
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'SCHEMA', quote_ident(ns.nspname), NULL, n.nspacl, n.nspowner
    FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
    WHERE n.nspacl IS NOT NULL
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
           quote_ident(ns.nspname) || '.' || quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
           NULL, p.proacl, p.proowner
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    WHERE p.proacl IS NOT NULL
    UNION ALL
    SELECT 'TYPE', quote_ident(ns.nspname) || '.' || quote_ident(t.typname), NULL, t.typacl, t.typowner
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typacl IS NOT NULL
)
SELECT o.kind AS object_kind, o.object, o.col AS column_name,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,
       x.privilege_type AS privilege,
       x.is_grantable AS grantable
FROM objects o, LATERAL aclexplode(o.acl) x
ORDER BY 1, 2, 3, 4, 5
