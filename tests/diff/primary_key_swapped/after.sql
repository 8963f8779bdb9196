-- A primary key that gives way to another of another name and columns (a table has one:
-- the new one cannot be added beside the old): replaced in one step, the column it leaves
-- allowed NULL after. And a unique index made a primary key under another name.
CREATE TABLE t (id int, code int NOT NULL PRIMARY KEY);
COMMENT ON CONSTRAINT t_pkey ON t IS 'the new key';
CREATE TABLE u (id int, code text);
CREATE UNIQUE INDEX u_idx ON u (id);
ALTER TABLE u ADD CONSTRAINT u_primary_key PRIMARY KEY USING INDEX u_idx;
