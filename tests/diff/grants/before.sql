DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE ps_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer, secret text);
CREATE SEQUENCE app.s;
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
GRANT SELECT ON app.t TO ps_reader;
GRANT INSERT, UPDATE ON app.t TO ps_writer;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ps_reader;
