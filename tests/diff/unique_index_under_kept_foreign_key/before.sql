-- Foreign keys bound to a unique index (not a constraint) that the target replaces with a
-- primary key on the same column: PostgreSQL will not drop the index under them.
CREATE TABLE p (id int NOT NULL, name text);
CREATE UNIQUE INDEX p_id ON p (id);
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));
CREATE TABLE d (id int PRIMARY KEY, p_id int);
ALTER TABLE d ADD CONSTRAINT d_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;
INSERT INTO p VALUES (1, 'one'), (2, 'two');
INSERT INTO c VALUES (1, 1), (2, 2), (3, NULL);
INSERT INTO d VALUES (1, 2);
