DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id integer, owner text, region text);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON accounts AS RESTRICTIVE FOR SELECT TO ps_reader USING (owner = current_user);
CREATE POLICY regional ON accounts FOR INSERT WITH CHECK (region IN ('eu', 'us'));
CREATE POLICY edit ON accounts FOR UPDATE TO ps_reader USING (owner = current_user AND region = 'eu') WITH CHECK (region = 'eu');
CREATE TABLE open_table (id integer);
ALTER TABLE open_table ENABLE ROW LEVEL SECURITY;
