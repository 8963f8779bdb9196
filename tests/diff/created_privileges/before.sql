DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ps_reader') THEN CREATE ROLE ps_reader; END IF; END $$;
CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, owner text);
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
GRANT USAGE ON TYPE app.mood TO ps_reader;
CREATE TABLE app.moods (id integer PRIMARY KEY, m app.mood);
