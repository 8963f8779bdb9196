-- ALTER DEFAULT PRIVILEGES entries, one row per privilege.
SELECT quote_ident(pg_catalog.pg_get_userbyid(d.defaclrole)) AS role,
       n.nspname AS schema,
       CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                            WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END AS objects,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,
       x.privilege_type AS privilege,
       x.is_grantable AS grantable
FROM pg_catalog.pg_default_acl d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace,
LATERAL aclexplode(d.defaclacl) x
WHERE n.nspname IS NULL
   OR IN_SCOPE(n.nspname)
ORDER BY 1, 2, 3, 4, 5
