CREATE SCHEMA notes;
COMMENT ON SCHEMA notes IS 'the notes schema';
CREATE TABLE notes.t (id integer);
CREATE VIEW notes.v AS SELECT id FROM notes.t;
CREATE TYPE notes.e AS ENUM ('a');
CREATE SEQUENCE notes.s;
CREATE FUNCTION notes.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON TABLE notes.t IS 'a table, described';
COMMENT ON COLUMN notes.t.id IS 'the id';
COMMENT ON TYPE notes.e IS 'an enum';
COMMENT ON SEQUENCE notes.s IS 'a sequence';
COMMENT ON FUNCTION notes.f() IS 'a function';
-- Created with their comments (the comment is part of the step that creates each).
CREATE TYPE notes.new_enum AS ENUM ('x', 'y');
COMMENT ON TYPE notes.new_enum IS 'a new enum';
CREATE DOMAIN notes.new_domain AS integer CHECK (VALUE > 0);
COMMENT ON DOMAIN notes.new_domain IS 'a new domain';
CREATE TYPE notes.new_pair AS (a integer, b text);
COMMENT ON TYPE notes.new_pair IS 'a new composite';
CREATE SEQUENCE notes.new_seq;
COMMENT ON SEQUENCE notes.new_seq IS 'a new sequence';
-- Comments on indexes, constraints and triggers: new ones, and on objects created here.
CREATE INDEX t_id_idx ON notes.t (id);
COMMENT ON INDEX notes.t_id_idx IS 'an index';
CREATE TABLE notes.k (id integer CONSTRAINT k_pkey PRIMARY KEY, n integer CONSTRAINT k_n_check CHECK (n > 0));
COMMENT ON CONSTRAINT k_n_check ON notes.k IS 'a new check on a new table';
COMMENT ON INDEX notes.k_pkey IS 'the index of a key';
CREATE FUNCTION notes.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON notes.t FOR EACH ROW EXECUTE FUNCTION notes.trg();
COMMENT ON TRIGGER t_touch ON notes.t IS 'a trigger';
ALTER TABLE notes.t ADD CONSTRAINT t_id_check CHECK (id > 0);
COMMENT ON CONSTRAINT t_id_check ON notes.t IS 'an added check';
-- Comments on policies: a new one, one on a new policy, and through a policy altered in
-- place and one dropped and created again (for its new command).
ALTER TABLE notes.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_all ON notes.t USING (id > 0);
COMMENT ON POLICY t_all ON notes.t IS 'a policy';
CREATE POLICY t_new ON notes.t FOR DELETE USING (id > 10);
COMMENT ON POLICY t_new ON notes.t IS 'a new policy';
CREATE POLICY t_kept ON notes.t FOR SELECT USING (id > 1);
COMMENT ON POLICY t_kept ON notes.t IS 'kept through ALTER POLICY';
CREATE POLICY t_remade ON notes.t FOR UPDATE USING (true);
COMMENT ON POLICY t_remade ON notes.t IS 'kept through a drop and create';
