-- Privileges in effect on relations, columns, sequences, schemas, functions and types, one
-- row per privilege: a NULL acl stands for the defaults (acldefault), so that PUBLIC's
-- default EXECUTE on functions and USAGE on types show; an owner's own privileges are left
-- out (they come with ownership), except those an owner revoked from itself: one row for
-- each it lacks (owner_lacks, with no grantee).
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_catalog.pg_namespace n
    WHERE IN_SCOPE(n.nspname)
), objects AS (
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
           ns.nspname AS schema, c.relname::text AS name, NULL::text AS args, NULL::text AS grant_args, NULL::text AS col,
           c.relacl AS acl, c.relowner AS owner,
           (CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char" AS acl_kind, true AS explicit
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    -- (A relation's or schema's default privileges are its owner's alone, which are left
    -- out: only an acl set by GRANT or REVOKE says anything.)
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'COLUMN', ns.nspname, c.relname::text, NULL, NULL, a.attname::text, a.attacl, c.relowner, 'c', false
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'SCHEMA', NULL, ns.nspname, NULL, NULL, NULL, n.nspacl, n.nspowner, 'n', true
    FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
    WHERE n.nspacl IS NOT NULL
    UNION ALL
    -- Routines: the identity arguments tell overloads apart; GRANT names an ordered-set
    -- aggregate by its plain argument types.
    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
           ns.nspname, p.proname::text,
           pg_catalog.pg_get_function_identity_arguments(p.oid),
           CASE WHEN p.prokind = 'a' THEN pg_catalog.oidvectortypes(p.proargtypes)
                ELSE pg_catalog.pg_get_function_identity_arguments(p.oid) END,
           NULL, coalesce(p.proacl, acldefault('f', p.proowner)), p.proowner, 'f', p.proacl IS NOT NULL
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
    UNION ALL
    SELECT 'TYPE', ns.nspname, t.typname::text, NULL, NULL, NULL, coalesce(t.typacl, acldefault('T', t.typowner)), t.typowner,
           'T', t.typacl IS NOT NULL
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
)
SELECT o.kind AS object_kind, o.schema, o.name, o.args, o.grant_args, o.col AS column_name,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,
       x.privilege_type AS privilege,
       x.is_grantable AS grantable,
       false AS owner_lacks
FROM objects o, LATERAL aclexplode(o.acl) x
WHERE NOT (x.grantee = o.owner AND x.grantor = o.owner)
UNION ALL
SELECT o.kind, o.schema, o.name, o.args, o.grant_args, NULL, NULL, d.privilege_type, false, true
FROM objects o, LATERAL aclexplode(acldefault(o.acl_kind, o.owner)) d
WHERE o.explicit AND d.grantee = o.owner
  AND NOT EXISTS (SELECT 1 FROM aclexplode(o.acl) x WHERE x.grantee = o.owner AND x.privilege_type = d.privilege_type)
ORDER BY 1, 2, 3, 4, 6, 7, 8
