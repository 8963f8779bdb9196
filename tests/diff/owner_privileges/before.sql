CREATE SCHEMA app;
-- An audit table whose owner may do everything; after, it may only read and add.
CREATE TABLE app.audit (id bigint PRIMARY KEY, what text);
-- A table whose owner had given up TRUNCATE: given back.
CREATE TABLE app.ledger (id bigint PRIMARY KEY, amount numeric);
REVOKE TRUNCATE ON app.ledger FROM CURRENT_USER;
-- The owner keeps REFERENCES here and loses it after (other revokes stay as they were).
CREATE TABLE app.codes (code text PRIMARY KEY);
REVOKE DELETE ON app.codes FROM CURRENT_USER;
CREATE SEQUENCE app.ids;
CREATE FUNCTION app.double(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
-- A function made again (its result type changes) whose owner may not run it, before and
-- after: the revoke is made again after it, and by a rollback.
CREATE FUNCTION app.version() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
REVOKE EXECUTE ON FUNCTION app.version() FROM CURRENT_USER;
