-- Objects of kinds phaseshift does not migrate, each with a text that changes when its
-- definition does: so that a difference in them is reported rather than passed over.
-- (Publications and event triggers are read as kinds of their own.)
-- (Extension members are left out.) `schema` is NULL for objects that belong to no schema.
-- Options of wrappers, servers and user mappings can hold passwords: they are compared by
-- a digest (`secret_digest`, SHA-256 as servers in FIPS mode allow) that is never shown.
WITH ext AS (
    SELECT classid, objid FROM pg_catalog.pg_depend
    WHERE refclassid = 'pg_catalog.pg_extension'::regclass AND deptype = 'e'
)
SELECT 'foreign data wrapper' AS kind, NULL::text AS schema, w.fdwname::text AS name,
       concat_ws(' ', 'handler', w.fdwhandler::regproc::text, 'validator', w.fdwvalidator::regproc::text) AS definition,
       encode(sha256(convert_to(coalesce(array_to_string(w.fdwoptions, ','), ''), 'UTF8')), 'hex') AS secret_digest
FROM pg_catalog.pg_foreign_data_wrapper w
WHERE w.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_foreign_data_wrapper'::regclass)
UNION ALL
SELECT 'server', NULL, s.srvname::text,
       concat_ws(' ', 'wrapper', w.fdwname, 'type', s.srvtype, 'version', s.srvversion,
                 (SELECT 'user mappings for ' || string_agg(um.usename, ', ' ORDER BY um.usename)
                  FROM pg_catalog.pg_user_mappings um WHERE um.srvid = s.oid)),
       encode(sha256(convert_to(coalesce(array_to_string(s.srvoptions, ','), '') || coalesce(
           (SELECT string_agg(um.usename || ' ' || coalesce(array_to_string(um.umoptions, ','), ''), ', ' ORDER BY um.usename)
            FROM pg_catalog.pg_user_mappings um WHERE um.srvid = s.oid), ''), 'UTF8')), 'hex')
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE s.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_foreign_server'::regclass)
UNION ALL
SELECT 'subscription', NULL, s.subname::text,
       -- (Its connection string is not readable but by superusers: left out.)
       concat_ws(' ', 'publications', array_to_string(s.subpublications, ','), 'enabled', s.subenabled::text),
       NULL
FROM pg_catalog.pg_subscription s
WHERE s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
UNION ALL
SELECT 'foreign table', n.nspname::text, c.relname::text,
       concat_ws(' ', 'server', s.srvname, 'options', array_to_string(ft.ftoptions, ','), 'columns',
                 (SELECT string_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                                    || coalesce(' ' || array_to_string(a.attfdwoptions, ','), ''), ', ' ORDER BY a.attnum)
                  FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)),
       NULL
FROM pg_catalog.pg_foreign_table ft
JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
WHERE IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_class'::regclass)
UNION ALL
SELECT 'operator', n.nspname::text,
       o.oprname || '(' || coalesce(pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', '
           || coalesce(pg_catalog.format_type(NULLIF(o.oprright, 0), NULL), 'NONE') || ')',
       concat_ws(' ', 'function', o.oprcode::regprocedure::text, 'commutator', NULLIF(o.oprcom, 0)::regoperator::text,
                 'negator', NULLIF(o.oprnegate, 0)::regoperator::text, 'restrict', NULLIF(o.oprrest, 0)::regproc::text,
                 'join', NULLIF(o.oprjoin, 0)::regproc::text, 'hashes', o.oprcanhash::text, 'merges', o.oprcanmerge::text),
       NULL
FROM pg_catalog.pg_operator o
JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE IN_SCOPE(n.nspname)
  AND o.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_operator'::regclass)
UNION ALL
SELECT 'operator family', n.nspname::text, f.opfname || ' using ' || am.amname,
       coalesce((SELECT string_agg(a.amopstrategy || ' ' || a.amopopr::regoperator::text, ', ' ORDER BY a.amopstrategy, a.amopopr::regoperator::text)
                 FROM pg_catalog.pg_amop a WHERE a.amopfamily = f.oid), '')
       || ' ' || coalesce((SELECT string_agg(p.amprocnum || ' ' || p.amproc::regprocedure::text, ', ' ORDER BY p.amprocnum, p.amproc::regprocedure::text)
                           FROM pg_catalog.pg_amproc p WHERE p.amprocfamily = f.oid), ''),
       NULL
FROM pg_catalog.pg_opfamily f
JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
WHERE IN_SCOPE(n.nspname)
  AND f.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_opfamily'::regclass)
UNION ALL
SELECT 'operator class', n.nspname::text, c.opcname || ' using ' || am.amname,
       concat_ws(' ', 'for', pg_catalog.format_type(c.opcintype, NULL), 'default', c.opcdefault::text,
                 'family', f.opfname, 'storage', NULLIF(c.opckeytype, 0)::regtype::text),
       NULL
FROM pg_catalog.pg_opclass c
JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
WHERE IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_opclass'::regclass)
UNION ALL
SELECT 'cast', NULL, '(' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ')',
       concat_ws(' ', 'method', c.castmethod::text, 'function', NULLIF(c.castfunc, 0)::regprocedure::text, 'context', c.castcontext::text),
       NULL
FROM pg_catalog.pg_cast c
WHERE c.oid >= 16384
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_cast'::regclass)
  -- (Not those a type makes for itself: a range type's cast to its multirange.)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'i')
UNION ALL
SELECT 'conversion', n.nspname::text, c.conname::text,
       concat_ws(' ', pg_catalog.pg_encoding_to_char(c.conforencoding), 'to', pg_catalog.pg_encoding_to_char(c.contoencoding),
                 'function', c.conproc::regprocedure::text, 'default', c.condefault::text),
       NULL
FROM pg_catalog.pg_conversion c
JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
WHERE IN_SCOPE(n.nspname) AND c.oid >= 16384
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_conversion'::regclass)
UNION ALL
SELECT 'text search configuration', n.nspname::text, c.cfgname::text,
       concat_ws(' ', 'parser', (SELECT prsname FROM pg_catalog.pg_ts_parser WHERE oid = c.cfgparser),
                 'mapping', (SELECT string_agg(m.maptokentype || ':' || m.mapseqno || ':' || m.mapdict::regdictionary::text, ','
                                              ORDER BY m.maptokentype, m.mapseqno)
                             FROM pg_catalog.pg_ts_config_map m WHERE m.mapcfg = c.oid)),
       NULL
FROM pg_catalog.pg_ts_config c
JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
WHERE IN_SCOPE(n.nspname)
  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_ts_config'::regclass)
UNION ALL
SELECT 'text search dictionary', n.nspname::text, d.dictname::text,
       concat_ws(' ', 'template', (SELECT tmplname FROM pg_catalog.pg_ts_template WHERE oid = d.dicttemplate), 'options', d.dictinitoption),
       NULL
FROM pg_catalog.pg_ts_dict d
JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
WHERE IN_SCOPE(n.nspname)
  AND d.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_ts_dict'::regclass)
UNION ALL
SELECT 'text search parser', n.nspname::text, p.prsname::text,
       concat_ws(' ', p.prsstart::regproc::text, p.prstoken::regproc::text, p.prsend::regproc::text, p.prslextype::regproc::text),
       NULL
FROM pg_catalog.pg_ts_parser p
JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace
WHERE IN_SCOPE(n.nspname)
  AND p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_ts_parser'::regclass)
UNION ALL
SELECT 'text search template', n.nspname::text, t.tmplname::text,
       concat_ws(' ', NULLIF(t.tmplinit, 0)::regproc::text, t.tmpllexize::regproc::text),
       NULL
FROM pg_catalog.pg_ts_template t
JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace
WHERE IN_SCOPE(n.nspname)
  AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_ts_template'::regclass)
UNION ALL
SELECT 'access method', NULL, a.amname::text, concat_ws(' ', a.amtype::text, a.amhandler::regproc::text),
       NULL
FROM pg_catalog.pg_am a
WHERE a.oid >= 16384
  AND a.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_am'::regclass)
UNION ALL
SELECT 'transform', NULL, 'for ' || pg_catalog.format_type(t.trftype, NULL) || ' language ' || l.lanname,
       concat_ws(' ', NULLIF(t.trffromsql, 0)::regprocedure::text, NULLIF(t.trftosql, 0)::regprocedure::text),
       NULL
FROM pg_catalog.pg_transform t
JOIN pg_catalog.pg_language l ON l.oid = t.trflang
WHERE t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_catalog.pg_transform'::regclass)
ORDER BY 1, 2, 3
