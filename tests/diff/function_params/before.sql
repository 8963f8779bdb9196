DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ps_reader') THEN CREATE ROLE ps_reader; END IF; END $$;
CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a * 2';
GRANT EXECUTE ON FUNCTION twice(integer) TO ps_reader;
CREATE VIEW doubled AS SELECT twice(g) AS d FROM generate_series(1, 3) g;
CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
