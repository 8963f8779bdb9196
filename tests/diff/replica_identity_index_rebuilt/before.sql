-- Indexes that are their table's replica identity get new definitions: dropping an index
-- resets the identity, so it is set again on the index built in its place (one of them
-- has a foreign key bound to it, so it is built aside and put in place).
CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX t_code ON t (code);
ALTER TABLE t REPLICA IDENTITY USING INDEX t_code;
CREATE TABLE p (id int PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX p_code ON p (code);
ALTER TABLE p REPLICA IDENTITY USING INDEX p_code;
CREATE TABLE c (id int PRIMARY KEY, p_code text REFERENCES p (code));
