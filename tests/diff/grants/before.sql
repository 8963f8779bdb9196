DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ps_reader') THEN CREATE ROLE ps_reader; END IF; END $$;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ps_writer') THEN CREATE ROLE ps_writer; END IF; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer, secret text);
CREATE SEQUENCE app.s;
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
GRANT SELECT ON app.t TO ps_reader;
GRANT INSERT, UPDATE ON app.t TO ps_writer;
