DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, owner text);
-- A new SECURITY DEFINER function that only ps_reader may run: PUBLIC's EXECUTE, which
-- PostgreSQL gives every new function, must be revoked in the transaction that creates it.
CREATE FUNCTION app.close_account(a integer) RETURNS void LANGUAGE sql SECURITY DEFINER
    AS $$ DELETE FROM app.accounts WHERE id = a $$;
REVOKE EXECUTE ON FUNCTION app.close_account(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.close_account(integer) TO ps_reader;
CREATE PROCEDURE app.purge() LANGUAGE sql SECURITY DEFINER AS $$ DELETE FROM app.accounts $$;
REVOKE EXECUTE ON PROCEDURE app.purge() FROM PUBLIC;
-- A new function that keeps the default: nothing to grant or revoke.
CREATE FUNCTION app.answer() RETURNS integer LANGUAGE sql AS $$ SELECT 42 $$;
-- New types: one without PUBLIC's USAGE, one with it.
CREATE TYPE app.secret_kind AS ENUM ('a', 'b');
REVOKE USAGE ON TYPE app.secret_kind FROM PUBLIC;
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
-- An enum that loses a value is created again: its grants are given again, and PUBLIC's
-- USAGE taken back as before.
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO ps_reader;
CREATE TABLE app.moods (id integer PRIMARY KEY, m app.mood);
