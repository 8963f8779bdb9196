CREATE SCHEMA notes;
CREATE TABLE notes.t (id integer);
CREATE VIEW notes.v AS SELECT id FROM notes.t;
CREATE TYPE notes.e AS ENUM ('a');
CREATE SEQUENCE notes.s;
CREATE FUNCTION notes.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON TABLE notes.t IS 'a table';
COMMENT ON VIEW notes.v IS 'to be removed';
