DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a * 2';
GRANT EXECUTE ON FUNCTION twice(integer) TO ps_reader;
CREATE VIEW doubled AS SELECT twice(g) AS d FROM generate_series(1, 3) g;
CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
