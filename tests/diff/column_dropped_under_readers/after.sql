-- Columns dropped with what reads them: a policy and a trigger (PostgreSQL refuses to
-- drop a column under them, so they go first), an index, a foreign key, a
-- view that stays without them.
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, b int);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION t_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE VIEW v AS SELECT id FROM t;
