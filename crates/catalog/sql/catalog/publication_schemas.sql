-- Schemas published whole (FOR TABLES IN SCHEMA; PostgreSQL 15 on).
SELECT p.pubname::text AS name, n.nspname::text AS schema
FROM pg_catalog.pg_publication_namespace pn
JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid
JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
ORDER BY 1, 2
