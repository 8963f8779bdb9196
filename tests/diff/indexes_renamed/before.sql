-- Indexes that stay as they are under new names are renamed, not built again: one a
-- foreign key is bound to (which stays bound), one with a comment (which it keeps).
CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL, n int);
CREATE UNIQUE INDEX p_code_uq ON p (code);
CREATE INDEX p_n ON p (n) WHERE n > 0;
COMMENT ON INDEX p_n IS 'positive';
CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));
INSERT INTO p VALUES (1, 'a', 1);
INSERT INTO c VALUES (1, 'a');
