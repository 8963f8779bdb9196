-- A unique index that foreign keys are bound to gets a new definition (an INCLUDE column):
-- PostgreSQL will not drop it under them, so the new one is built aside and put in its place.
CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL, name text);
CREATE UNIQUE INDEX p_code ON p (code);
CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));
INSERT INTO p VALUES (1, 'a', 'one'), (2, 'b', 'two');
INSERT INTO c VALUES (1, 'a'), (2, 'b');
