-- Column storage, statistics targets, compression and attribute options: set, changed,
-- back to the defaults; on a new table and a new column too (CREATE TABLE and ADD COLUMN
-- take none but compression on PostgreSQL 15).
CREATE TABLE docs (id int, body text, title text, views int, note text COMPRESSION pglz);
ALTER TABLE docs ALTER COLUMN title SET STORAGE MAIN;
ALTER TABLE docs ALTER COLUMN views SET STATISTICS 200;
ALTER TABLE docs ALTER COLUMN views SET (n_distinct = 50, n_distinct_inherited = 10);
