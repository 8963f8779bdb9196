-- State version 6: the privileges a compatibility view's step granted to roles that did
-- not hold them (USAGE on the archive schema, SELECT on the tables the view reads), by the
-- archived table the view stands for, so that undoing the switch revokes exactly those.
CREATE TABLE IF NOT EXISTS phaseshift.compat_grants (
    archived   oid NOT NULL,
    privilege  text NOT NULL,
    object     text NOT NULL,             -- as GRANT names it: a relation, or SCHEMA name
    grantee    text NOT NULL,             -- as GRANT names it: quoted, or PUBLIC
    PRIMARY KEY (archived, privilege, object, grantee)
);
