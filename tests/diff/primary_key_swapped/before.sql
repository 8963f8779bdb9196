CREATE TABLE t (id int NOT NULL, code text NOT NULL);
CREATE UNIQUE INDEX t_unique_idx ON t (id);
ALTER TABLE t ADD CONSTRAINT non_default_primary_key PRIMARY KEY USING INDEX t_unique_idx;
CREATE TABLE u (id int, code text);
CREATE UNIQUE INDEX u_idx ON u (id);
