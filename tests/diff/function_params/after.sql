-- A parameter renamed: CREATE OR REPLACE cannot, so the function is dropped (with the view
-- that uses it) and created again, its privileges given again. SQL-standard bodies (BEGIN
-- ATOMIC) are one statement, in functions and procedures (issue 11).
DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n * 2';
GRANT EXECUTE ON FUNCTION twice(integer) TO ps_reader;
CREATE VIEW doubled AS SELECT twice(g) AS d FROM generate_series(1, 3) g;
CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT a + 1; END;
CREATE TABLE log (v integer);
CREATE PROCEDURE record(a integer) LANGUAGE sql BEGIN ATOMIC INSERT INTO log VALUES (a); INSERT INTO log VALUES (add1(a)); END;
