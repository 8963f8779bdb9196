-- A function dropped with the check, the partial index and the policy that call it: those go first.
CREATE FUNCTION ok(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
CREATE TABLE t (id int, v int CHECK (ok(v)), w int DEFAULT 1);
CREATE INDEX t_ok ON t (id) WHERE ok(v);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (ok(v));
