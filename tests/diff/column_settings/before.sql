-- Column storage and statistics targets: set, changed, back to the defaults; on a new
-- table and a new column too (CREATE TABLE and ADD COLUMN take neither on PostgreSQL 15).
CREATE TABLE docs (id int, body text, title text, views int);
ALTER TABLE docs ALTER COLUMN title SET STORAGE MAIN;
ALTER TABLE docs ALTER COLUMN views SET STATISTICS 200;
