DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id integer, owner text, region text);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON accounts USING (owner = current_user);
CREATE POLICY gone ON accounts FOR DELETE USING (false);
CREATE POLICY edit ON accounts FOR UPDATE USING (owner = current_user);
CREATE TABLE open_table (id integer);
