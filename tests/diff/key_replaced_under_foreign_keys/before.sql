-- Keys that foreign keys which stay are bound to give way to others on the same columns: a
-- primary key to a unique constraint, a unique constraint to a unique index. PostgreSQL will
-- not drop them under the foreign keys, which are bound to the new ones around the drop.
CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL UNIQUE, name text);
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), p_code text REFERENCES p (code));
INSERT INTO p VALUES (1, 'a', 'one'), (2, 'b', 'two');
INSERT INTO c VALUES (1, 1, 'a'), (2, 2, NULL);
