-- A generated column's expression changes: PostgreSQL cannot change it in place, so the
-- column is dropped and added again; the indexes that have it as a key, an INCLUDE
-- column or in an expression, its check, the policy and the trigger that read it go
-- before the drop and come back after it, in the same transaction.
CREATE TABLE t (id int PRIMARY KEY, a int, owner text,
    b int GENERATED ALWAYS AS (a + 2) STORED CHECK (b > 0));
CREATE INDEX t_b ON t (b);
CREATE INDEX t_id_incl ON t (id) INCLUDE (b);
CREATE INDEX t_b_expr ON t ((b * 2)) WHERE b > 10;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_small ON t USING (b < 1000);
CREATE FUNCTION t_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t_on_b BEFORE UPDATE OF b ON t FOR EACH ROW EXECUTE FUNCTION t_touch();
