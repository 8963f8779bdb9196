-- Event triggers (they belong to no schema; their function does).
SELECT e.evtname::text AS name,
       e.evtevent::text AS event,
       n.nspname::text AS function_schema,
       p.proname::text AS function_name,
       e.evtenabled::text AS enabled,
       coalesce(e.evttags, '{}')::text[] AS tags,
       obj_description(e.oid, 'pg_event_trigger') AS comment
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE e.oid NOT IN (SELECT objid FROM pg_catalog.pg_depend
                    WHERE refclassid = 'pg_catalog.pg_extension'::regclass
                      AND classid = 'pg_catalog.pg_event_trigger'::regclass AND deptype = 'e')
ORDER BY 1
