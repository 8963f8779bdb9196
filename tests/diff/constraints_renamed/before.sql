-- Constraints that stay as they are under new names are renamed, not dropped and added
-- again: a primary key (a table has one), a foreign key (no second validation), a check.
CREATE TABLE p (id int CONSTRAINT p_pkey PRIMARY KEY, n int CONSTRAINT n_positive CHECK (n > 0));
CREATE TABLE c (id int PRIMARY KEY, p_id int CONSTRAINT c_p_id_fkey REFERENCES p (id));
COMMENT ON CONSTRAINT n_positive ON p IS 'no zero';
INSERT INTO p VALUES (1, 1);
INSERT INTO c VALUES (1, 1);
