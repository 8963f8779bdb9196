CREATE TABLE p (id int NOT NULL UNIQUE, code text NOT NULL, name text);
CREATE UNIQUE INDEX p_code_idx ON p (code);
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), p_code text REFERENCES p (code));
