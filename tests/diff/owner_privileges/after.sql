CREATE SCHEMA app;
REVOKE CREATE ON SCHEMA app FROM CURRENT_USER;
CREATE TABLE app.audit (id bigint PRIMARY KEY, what text);
REVOKE UPDATE, DELETE, TRUNCATE ON app.audit FROM CURRENT_USER;
CREATE TABLE app.ledger (id bigint PRIMARY KEY, amount numeric);
CREATE TABLE app.codes (code text PRIMARY KEY);
REVOKE DELETE, REFERENCES ON app.codes FROM CURRENT_USER;
CREATE SEQUENCE app.ids;
REVOKE UPDATE ON SEQUENCE app.ids FROM CURRENT_USER;
CREATE FUNCTION app.double(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
REVOKE EXECUTE ON FUNCTION app.double(integer) FROM CURRENT_USER;
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
REVOKE USAGE ON TYPE app.mood FROM CURRENT_USER;
-- A new table created with its owner's rights already cut, and a view likewise.
CREATE TABLE app.events (id bigint PRIMARY KEY, at timestamptz);
REVOKE UPDATE, DELETE, TRUNCATE ON app.events FROM CURRENT_USER;
CREATE VIEW app.recent AS SELECT id, at FROM app.events;
REVOKE INSERT, UPDATE, DELETE ON app.recent FROM CURRENT_USER;
