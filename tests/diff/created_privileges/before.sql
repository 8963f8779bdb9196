DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, owner text);
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
GRANT USAGE ON TYPE app.mood TO ps_reader;
CREATE TABLE app.moods (id integer PRIMARY KEY, m app.mood);
