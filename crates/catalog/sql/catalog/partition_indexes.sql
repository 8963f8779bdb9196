-- The indexes of partitions attached to an index of their partitioned table: the parent
-- index, the partition, and the name of the partition's own index (which PostgreSQL makes
-- up when it builds it, and which a partition attached with an index of its own keeps).
SELECT pn.nspname AS parent_schema,
       pc.relname AS parent_name,
       tn.nspname AS schema,
       tc.relname AS table_name,
       c.relname AS name
FROM pg_catalog.pg_inherits h
JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid AND c.relkind IN ('i', 'I')
JOIN pg_catalog.pg_index x ON x.indexrelid = c.oid
JOIN pg_catalog.pg_class tc ON tc.oid = x.indrelid
JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
JOIN pg_catalog.pg_class pc ON pc.oid = h.inhparent
JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
WHERE IN_SCOPE(pn.nspname)
