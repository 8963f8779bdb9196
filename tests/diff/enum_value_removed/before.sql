-- An enum loses a value (so it is created again and its columns converted through text)
-- while a partial index, a check, a policy, a trigger condition and a view name its values:
-- each is rebuilt from the target's definition in the conversion's transaction (PostgreSQL
-- would rebuild them from definitions written for the old type, and fail).
CREATE TYPE st AS ENUM ('new', 'old', 'gone');
CREATE TABLE e (id int PRIMARY KEY, s st NOT NULL DEFAULT 'new', CHECK (s <> 'old' OR id > 0));
CREATE INDEX e_new ON e (id) WHERE s = 'new';
CREATE VIEW ev AS SELECT id, s FROM e WHERE s <> 'old';
ALTER TABLE e ENABLE ROW LEVEL SECURITY;
CREATE POLICY e_visible ON e USING (s <> 'old');
CREATE FUNCTION et() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER e_t BEFORE UPDATE ON e FOR EACH ROW WHEN (NEW.s = 'new') EXECUTE FUNCTION et();
INSERT INTO e VALUES (1, 'new'), (2, 'old');
-- A column whose type changes (text to integer) under a partial index and a check.
CREATE TABLE n (id int PRIMARY KEY, code text CHECK (code <> '0'));
CREATE INDEX n_code ON n (id) WHERE code <> '';
