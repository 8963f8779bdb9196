CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL, name text);
CREATE UNIQUE INDEX p_code ON p (code) INCLUDE (name);
CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));
