-- A column whose type changes, read by a trigger's WHEN, a trigger's UPDATE OF, a policy,
-- a view, an expression index and extended statistics: PostgreSQL refuses the change while
-- the triggers and the policy read it, so they go and come back in the change's own
-- transaction (no moment without the policy); the view is created again around it.
CREATE TABLE w (id int PRIMARY KEY, qty int, owner text);
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
-- A generated column whose own type changes (computed again: no USING).
CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
CREATE TABLE codes (id int PRIMARY KEY, code varchar(255));
CREATE TABLE spans (id int PRIMARY KEY, lo int, hi int, CONSTRAINT spans_ok CHECK (lo <= hi));
