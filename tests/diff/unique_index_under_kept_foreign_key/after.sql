CREATE TABLE p (id int PRIMARY KEY, name text);
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));
CREATE TABLE d (id int PRIMARY KEY, p_id int);
ALTER TABLE d ADD CONSTRAINT d_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;
