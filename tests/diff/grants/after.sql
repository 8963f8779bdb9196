DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE ps_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer, secret text);
CREATE SEQUENCE app.s;
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
GRANT USAGE ON SCHEMA app TO ps_reader;
GRANT SELECT (id) ON app.t TO ps_reader;
GRANT INSERT ON app.t TO ps_writer WITH GRANT OPTION;
GRANT USAGE, SELECT ON SEQUENCE app.s TO ps_writer;
REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.f() TO ps_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO ps_reader;
-- Database-wide default privileges replace PostgreSQL's built-in ones: PUBLIC's EXECUTE
-- on new functions taken away, USAGE on new types given, and back to the built-in ones
-- for tables.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO ps_writer;
