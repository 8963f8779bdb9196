CREATE TABLE w (id int PRIMARY KEY, qty bigint, owner text);
CREATE INDEX w_expr ON w ((qty * 2));
CREATE VIEW wv AS SELECT id, qty FROM w;
CREATE FUNCTION wt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER w_when BEFORE UPDATE ON w FOR EACH ROW WHEN (NEW.qty > 0) EXECUTE FUNCTION wt();
CREATE TRIGGER w_of BEFORE UPDATE OF owner, qty ON w FOR EACH ROW EXECUTE FUNCTION wt();
CREATE TRIGGER w_other BEFORE INSERT ON w FOR EACH ROW EXECUTE FUNCTION wt();
ALTER TABLE w ENABLE ROW LEVEL SECURITY;
CREATE POLICY w_nonnegative ON w AS RESTRICTIVE USING (qty >= 0);
CREATE POLICY w_all ON w USING (true);
CREATE STATISTICS w_st ON qty, owner FROM w;
CREATE TABLE g (a int, b bigint GENERATED ALWAYS AS (a * 2) STORED);
-- A new check on a column that changes type comes after the change (it could not be
-- written for the old type).
CREATE TABLE codes (id int PRIMARY KEY, code int NOT NULL CHECK (code > 0));
-- A check that reads two columns that both change type, and changes itself.
CREATE TABLE spans (id int PRIMARY KEY, lo bigint, hi bigint, CONSTRAINT spans_ok CHECK (lo < hi));
